package org.azalea.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {
    @Test
    void nestedDocumentParsesBackToTheSameValues() {
        String text = new Json().beginObject()
                .field("name", "a \"quoted\"\\ line\nwith\ttab and \u0001 control")
                .field("count", 42)
                .hexField("address", 0xffff_ffff_ffff_f000L)
                .field("flag", false)
                .key("empty").beginArray().endArray()
                .key("list").beginArray().value(1).value("two").value((String) null).endArray()
                .key("inner").beginObject().field("x", -7).endObject()
                .endObject().toString();
        Map<String, Object> doc = JsonReader.object(JsonReader.parse(text));
        assertEquals("a \"quoted\"\\ line\nwith\ttab and \u0001 control", doc.get("name"));
        assertEquals(42L, doc.get("count"));
        assertEquals("0xfffffffffffff000", doc.get("address"));
        assertEquals(false, doc.get("flag"));
        assertEquals(List.of(), doc.get("empty"));
        assertEquals(java.util.Arrays.asList(1L, "two", null), doc.get("list"));
        assertEquals(Map.of("x", -7L), doc.get("inner"));
    }

    @Test
    void misuseIsRejected() {
        assertThrows(IllegalStateException.class, () -> new Json().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new Json().beginArray().key("k"));
        assertThrows(IllegalStateException.class, () -> new Json().beginObject().endArray());
        assertThrows(IllegalStateException.class, () -> new Json().beginObject().toString());
        assertThrows(IllegalStateException.class, () -> new Json().value(1).value(2));
    }
}
