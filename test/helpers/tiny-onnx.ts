// Writes the smallest valid ONNX graph with chosen output names (each an Identity of the input), so a test
// can hand the real onnxruntime a network that lacks an output. Protobuf wire format, by hand: the
// fields used are varints (type 0) and length-delimited messages or strings (type 2).

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

const num = (field: number, value: number): number[] => [...varint(field << 3), ...varint(value)];
const msg = (field: number, body: number[]): number[] => [...varint((field << 3) | 2), ...varint(body.length), ...body];
const str = (field: number, s: string): number[] => msg(field, [...Buffer.from(s, 'utf8')]);

/** ValueInfoProto of a float32 tensor with the named (symbolic) dimensions. */
function floatTensor(name: string, dims: string[]): number[] {
  const shape = dims.flatMap((d) => msg(1, str(2, d)));
  return [...str(1, name), ...msg(2, msg(1, [...num(1, 1), ...msg(2, shape)]))];
}

export function tinyOnnx(inputName: string, outputs: string[]): Buffer {
  const nodes = outputs.flatMap((o) => msg(1, [...str(1, inputName), ...str(2, o), ...str(4, 'Identity')]));
  const graph = [
    ...nodes,
    ...str(2, 'tiny'),
    ...msg(11, floatTensor(inputName, ['n', 'c', 'h', 'w'])),
    ...outputs.flatMap((o) => msg(12, floatTensor(o, ['n', 'c', 'h', 'w']))),
  ];
  return Buffer.from([...num(1, 7), ...msg(7, graph), ...msg(8, num(2, 13))]);
}
