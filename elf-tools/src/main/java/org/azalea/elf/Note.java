// One note (Elf64_Nhdr plus name and descriptor) from a PT_NOTE segment or SHT_NOTE section.
// offset is the file offset of the note header. The descriptor is copied in and out, so a Note
// is immutable.
package org.azalea.elf;

import java.util.Arrays;
import java.util.Objects;

public record Note(long offset, String name, int type, byte[] descriptor) {

    public static final int NT_GNU_ABI_TAG = 1;
    public static final int NT_GNU_BUILD_ID = 3;
    public static final int NT_GNU_PROPERTY_TYPE_0 = 5;

    public Note {
        Objects.requireNonNull(name, "name");
        descriptor = descriptor.clone();
    }

    @Override
    public byte[] descriptor() {
        return descriptor.clone();
    }

    public int descriptorSize() {
        return descriptor.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Note n && n.offset == offset && n.type == type && n.name.equals(name)
                && Arrays.equals(n.descriptor, descriptor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, name, type, Arrays.hashCode(descriptor));
    }

    @Override
    public String toString() {
        return "Note[offset=" + Hex.of(offset) + ", name=" + name + ", type=" + type + ", descsz="
                + descriptor.length + "]";
    }
}
