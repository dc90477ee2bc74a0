// One decoded x86-64 instruction. bytes is a private copy of its encoding
// (1..15 bytes, size == bytes.length); id is an X86Ins value. text (Capstone's
// Intel-syntax rendering) and detail are present only when the Decoding asked
// for them.
package org.azalea.x86;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

public record Instruction(
        long address, byte[] bytes, int id, Optional<Text> text, Optional<InstructionDetail> detail) {
    public record Text(String mnemonic, String operands) {
        public Text {
            if (mnemonic.isEmpty()) {
                throw new IllegalArgumentException("empty mnemonic");
            }
            Objects.requireNonNull(operands);
        }
    }

    public Instruction {
        if (bytes.length < 1 || bytes.length > 15) {
            throw new IllegalArgumentException("x86 instructions are 1..15 bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** The address just past this instruction, where a fall-through continues. */
    public long end() {
        return address + bytes.length;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String mnemonic() {
        return requireText().mnemonic();
    }

    public String operandText() {
        return requireText().operands();
    }

    private Text requireText() {
        return text.orElseThrow(() -> new IllegalStateException(String.format(
                "instruction at 0x%x was decoded without text", address)));
    }

    /** Group membership comes from Capstone's detail, so asking without it is a caller bug. */
    public boolean is(InstructionGroup group) {
        return detail.orElseThrow(() -> new IllegalStateException(
                "groups of " + this + " need an instruction decoded with detail"))
                .groups().contains(group);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Instruction i && address == i.address && id == i.id
                && Arrays.equals(bytes, i.bytes) && text.equals(i.text) && detail.equals(i.detail);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        String shown = text.map(t -> t.operands().isEmpty() ? t.mnemonic() : t.mnemonic() + " " + t.operands())
                .orElse("id " + id);
        return String.format("0x%x: %s [%s]", address, shown, HexFormat.ofDelimiter(" ").formatHex(bytes));
    }
}
