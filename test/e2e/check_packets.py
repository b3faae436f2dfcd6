"""Checks triton-edge's Hexagon packet count against the disassembly, and
the NPU model's two compute costs against each other.

`labels ASM`: prints the probe assembly (`--emit=packets`) with every block
marker comment turned into a global label, te_block_N_K (K numbers the
copies), so that the disassembler shows where each block's code starts.

`compare ASM DISASSEMBLY`: counts, in llvm-objdump's disassembly of the
labelled assembly, the packets after each te_block_N_K label up to the next
label, leaving out packets of nothing but nops (the assembler pads before
aligned loop headers with them), and compares each block's count with the
one the compiler wrote in ASM's header (packets less its nop-only packets).

`model ASM ITERATIONS OPS_LOG PACKETS_LOG`: the modeled device time of the
same compute-bound launch priced by operation (OPS_LOG) and by packet
(PACKETS_LOG, `triton-edge run` output). By packet, the time is at least
ITERATIONS executions of the costliest block of ASM's header at one packet
per cycle (1 GHz), and at most 10% more (the other blocks and DDR latency);
and it differs from the op-count time.
"""
import re
import sys

MARKER = re.compile(r"^\s*// te\.block(\.resume)? (\d+)\s*$")
HEADER = re.compile(r"^// te\.packets block (\d+): copies (\d+), packets (\d+) \((\d+) only nops\)")
SYMBOL = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
INSN = re.compile(r"^\s*[0-9a-f]+:\s+(?:[0-9a-f]{2}\s){4}\s*[0-9a-f]{8}\s(.*)$")


def labels(path):
    # A marker's label goes right before the next packet: of two markers with
    # no code between them the disassembler would show one label only.
    copies = 0
    pending = None
    for line in open(path):
        m = MARKER.match(line)
        if m:
            copies += 1
            kind = "resume" if m.group(1) else "block"
            pending = f"te_{kind}_{m.group(2)}_{copies}:"
            continue
        if pending and line.lstrip().startswith("{"):
            print(pending)
            pending = None
        elif pending and re.match(r"^[A-Za-z_$][\w.$]*:", line):
            pending = None  # a function label: the marker had no code
        sys.stdout.write(line)


def compare(asm_path, dis_path):
    expected = {}
    for line in open(asm_path):
        m = HEADER.match(line)
        if m:
            block, _, packets, nops = map(int, m.groups())
            expected[block] = packets - nops
    counted = {}
    block = None
    in_packet, only_nops = False, True
    for line in open(dis_path):
        m = SYMBOL.match(line.strip())
        if m:
            name = re.match(r"te_(?:block|resume)_(\d+)_\d+$", m.group(1))
            block = int(name.group(1)) if name else None
            continue
        m = INSN.match(line)
        if not m:
            continue
        text = m.group(1)
        if "{" in text:
            in_packet, only_nops = True, True
        body = text.replace("{", "").split("}")[0].strip()
        if body and body != "nop":
            only_nops = False
        if "}" in text and in_packet:
            in_packet = False
            if block is not None and not only_nops:
                counted[block] = counted.get(block, 0) + 1
    if not expected:
        sys.exit("no te.packets header in " + asm_path)
    bad = [(b, expected[b], counted.get(b, 0)) for b in sorted(expected)
           if expected[b] != counted.get(b, 0)]
    for b, e, c in bad:
        print(f"block {b}: compiler {e} packets, disassembly {c}")
    extra = sorted(set(counted) - set(expected))
    if bad or extra:
        sys.exit(f"packet counts differ ({len(bad)} blocks; blocks only in the disassembly: {extra})")
    print(f"packets agree: {len(expected)} blocks, {sum(expected.values())} packets")


def modeled_us(path):
    for line in open(path):
        m = re.search(r"modeled device time: ([0-9.]+) us", line)
        if m:
            return float(m.group(1))
    sys.exit("no modeled device time in " + path)


def model(asm_path, iterations, ops_log, packets_log):
    per = [float(m.group(1)) for m in
           (re.search(r"per execution ([0-9.]+)", l) for l in open(asm_path)) if m]
    lower = iterations * max(per) / 1000.0  # us at 1 GHz
    ops, packets = modeled_us(ops_log), modeled_us(packets_log)
    print(f"ops {ops:.1f} us, packets {packets:.1f} us, bound {lower:.1f} us")
    if not lower <= packets <= 1.1 * lower:
        sys.exit(f"packets time {packets} us not within [{lower}, {1.1 * lower}] us")
    if abs(packets - ops) < 0.01 * ops:
        sys.exit("the two compute costs give the same time")
    print("model ok")


if __name__ == "__main__":
    if sys.argv[1] == "labels":
        labels(sys.argv[2])
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        model(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
