"""Photo-level train/validation split (by photo; near-duplicate pairs kept together)."""
import glob
import os

# Hand-picked to be representative: shallow DoF (Red-Maple, Blinds, Dune, free, squirrel,
# chelsea, butterfly, flower), soft-by-intent (Foggy-Trees), grey-scale (camera), the
# skimage photos used by the engine tests (astronaut, camera, chelsea, rocket), textures.
VAL = [
    "e17__Red-Maple.jpg", "e17__Foggy-Trees.jpg", "mate__Blinds.jpg", "mate__Dune.jpg",
    "lomiri__free_by_Peter_Nerlich.jpg", "opencv__squirrel_cls.jpg", "opencv__butterfly.jpg",
    "skimage__chelsea.png", "skimage__astronaut.png", "skimage__camera.png", "skimage__rocket.jpg",
    "opencv__leuvenA.jpg", "opencv__leuvenB.jpg", "plasma__Path_2560x1600.jpg",
    "lomiri__aitzgorri_by_Aitzol_Berasategi.jpg", "libjxl__flower.png", "opencv__baboon.jpg",
]


def split(photos_dir):
    fs = sorted(f for f in glob.glob(os.path.join(photos_dir, "*"))
                if f.lower().endswith((".jpg", ".jpeg", ".png")))
    val = [f for f in fs if os.path.basename(f) in VAL]
    train = [f for f in fs if os.path.basename(f) not in VAL]
    return train, val
