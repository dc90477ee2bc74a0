package org.azalea.image;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libos/include/azalea/image.h is the one statement of the image note ABI: ImageNote must write exactly its layout. */
class ImageNoteHeaderTest {
    private static final Path HEADER = Path.of("..", "libos", "include", "azalea", "image.h");
    private static final Pattern FIELD = Pattern.compile(
            "^\\s*uint(32|64)_t\\s+(\\w+);\\s*/\\*\\s*(\\d+)\\b", Pattern.MULTILINE);
    private static final Pattern DEFINE = Pattern.compile("^#define (AZ_\\w+) (\\S+)", Pattern.MULTILINE);

    /** One field of struct az_image as the header states it. */
    private record Field(String name, int bits, int offset) {
    }

    @Test
    void everyFieldIsWrittenAtTheHeadersOffsetWithItsSize() throws Exception {
        Map<String, Field> fields = structFields();
        RecordComponent[] components = ImageNote.class.getRecordComponents();
        assertEquals(fields.size(), components.length, "fields in image.h: " + fields.keySet());
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            // distinct value per field, with bits in every byte, so a misplaced or truncated field shows
            long v = 0x0101010101010101L * (i + 1) ^ 0x7060504030201000L;
            values[i] = components[i].getType() == long.class ? (Object) v : (Object) (int) v;
        }
        ImageNote note = (ImageNote) ImageNote.class.getDeclaredConstructors()[0].newInstance(values);
        ByteBuffer encoded = ByteBuffer.wrap(note.encode()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < components.length; i++) {
            Field f = fields.get(snakeCase(components[i].getName()));
            assertTrue(f != null, components[i].getName() + " has no field " + snakeCase(components[i].getName())
                    + " in image.h");
            assertEquals(f.bits() == 64 ? long.class : int.class, components[i].getType(), f.name() + " size");
            long read = f.bits() == 64 ? encoded.getLong(f.offset()) : encoded.getInt(f.offset());
            long expected = f.bits() == 64 ? (long) values[i] : (int) values[i];
            assertEquals(expected, read, f.name() + " at offset " + f.offset());
        }
        assertEquals(note, ImageNote.decode(note.encode()), "decode reads what encode writes");
    }

    @Test
    void constantsMatchTheDefines() throws IOException {
        Map<String, String> d = defines();
        assertEquals("\"" + ImageNote.NAME + "\"", d.get("AZ_IMAGE_NOTE_NAME"));
        assertEquals(ImageNote.TYPE, Integer.decode(d.get("AZ_IMAGE_NOTE_TYPE")));
        assertEquals(ImageNote.MAGIC, Long.decode(d.get("AZ_IMAGE_MAGIC").replace("ULL", "")));
        assertEquals(ImageNote.VERSION, Integer.parseInt(d.get("AZ_IMAGE_VERSION")));
        assertEquals(ImageNote.FLAG_PIE, Integer.parseInt(d.get("AZ_IMAGE_PIE")));
        assertEquals(ImageNote.SIZE, Integer.parseInt(d.get("AZ_IMAGE_SIZE")));
        assertEquals(ImageNote.SIZE, ImageNote.decode(new byte[ImageNote.SIZE]).encode().length);
        assertEquals(6, d.size(), "a define in image.h has no Java counterpart checked here: " + d.keySet());
        String text = Files.readString(HEADER);
        assertTrue(text.contains("sizeof(struct az_site) == " + ImageNote.SITE_SIZE), "az_site size");
        assertTrue(text.contains("sizeof(struct az_symbol) == " + ImageNote.SYMBOL_SIZE), "az_symbol size");
    }

    private static Map<String, Field> structFields() throws IOException {
        String text = Files.readString(HEADER);
        int start = text.indexOf("struct az_image {");
        assertTrue(start >= 0, "no struct az_image in " + HEADER.toAbsolutePath());
        Matcher m = FIELD.matcher(text.substring(start, text.indexOf("};", start)));
        Map<String, Field> fields = new LinkedHashMap<>();
        int expectedOffset = 0;
        while (m.find()) {
            Field f = new Field(m.group(2), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)));
            assertEquals(expectedOffset, f.offset(), "image.h's offset comment for " + f.name() + " (natural layout)");
            expectedOffset += f.bits() / 8;
            fields.put(f.name(), f);
        }
        assertEquals(Integer.parseInt(defines().get("AZ_IMAGE_SIZE")), expectedOffset, "AZ_IMAGE_SIZE");
        return fields;
    }

    private static Map<String, String> defines() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = DEFINE.matcher(Files.readString(HEADER));
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase();
    }
}
