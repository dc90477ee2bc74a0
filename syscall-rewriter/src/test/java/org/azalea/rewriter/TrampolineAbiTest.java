package org.azalea.rewriter;

import org.azalea.x86.X86Encoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libOS header is the one statement of the trampoline ABI: the Java side and the emitted bytes must match it. */
class TrampolineAbiTest {
    private static final Path HEADER = Path.of("..", "libos", "include", "azalea", "trampoline.h");
    private static final Pattern DEFINE = Pattern.compile("^#define (AZ_\\w+) (.+)$", Pattern.MULTILINE);

    @Test
    void javaConstantsMatchTheHeader() throws IOException {
        Map<String, Integer> values = defines();
        assertEquals(values.get("AZ_TRAMPOLINE_RED_ZONE"), TrampolineAbi.RED_ZONE);
        assertEquals(values.get("AZ_TRAMPOLINE_RESUME_LEN"), TrampolineAbi.RESUME_LEN);
        assertEquals(values.get("AZ_ENTRY_APP_RSP_OFFSET"), TrampolineAbi.ENTRY_APP_RSP_OFFSET);
        assertEquals(values.get("AZ_TRAMPOLINE_ALIGN"), TrampolineAbi.ALIGN);
        assertEquals(values.get("AZ_TRAMPOLINE_RESTART_BACK"), TrampolineAbi.RESTART_BACK);
        assertEquals(5, values.size(), "a define in the header has no Java counterpart checked here: " + values);
    }

    @Test
    void emittedInstructionsHaveTheLengthsTheHeaderPromises() throws IOException {
        Map<String, Integer> values = defines();
        assertEquals(values.get("AZ_TRAMPOLINE_RESUME_LEN"), X86Encoder.leaRsp(TrampolineAbi.RED_ZONE).length,
                "a clone child resumes past the lea that follows the call");
        assertEquals(values.get("AZ_ENTRY_APP_RSP_OFFSET"), 8 + values.get("AZ_TRAMPOLINE_RED_ZONE"));
        assertEquals(values.get("AZ_TRAMPOLINE_RESTART_BACK"),
                X86Encoder.leaRsp(-TrampolineAbi.RED_ZONE).length + X86Encoder.callRel32(0, 0x1000).length,
                "a restarted call resumes at the lea before the call");
    }

    /** Every #define of the header, its value evaluated (integers, sums and references to earlier defines). */
    private static Map<String, Integer> defines() throws IOException {
        assertTrue(Files.isRegularFile(HEADER), "missing " + HEADER.toAbsolutePath());
        Map<String, Integer> values = new HashMap<>();
        Matcher m = DEFINE.matcher(Files.readString(HEADER));
        while (m.find()) {
            String expression = m.group(2).replaceAll("/\\*.*?\\*/", "").replace("(", "").replace(")", "").trim();
            int sum = 0;
            for (String term : expression.split("\\+")) {
                String t = term.trim();
                sum += t.matches("\\d+") ? Integer.parseInt(t) : values.get(t);
            }
            values.put(m.group(1), sum);
        }
        return values;
    }
}
