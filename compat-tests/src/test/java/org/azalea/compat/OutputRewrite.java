// One normalisation a case needs before its native and image outputs are
// compared, as written in the manifest's normalise column:
// STREAM/REGEX/REPLACEMENT/ with STREAM stdout or stderr. Each case names its
// own rewrites; there is no blanket ignore.
package org.azalea.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

record OutputRewrite(String stream, Pattern pattern, String replacement) {
    OutputRewrite {
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw new IllegalArgumentException("normalise: stream must be stdout or stderr, is '" + stream + "'");
        }
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(replacement, "replacement");
    }

    /** The rewrites of a manifest normalise column: "-" for none, else ';'-separated STREAM/REGEX/REPLACEMENT/. */
    static List<OutputRewrite> parseAll(String column) {
        if (column.equals("-")) {
            return List.of();
        }
        List<OutputRewrite> out = new ArrayList<>();
        for (String one : column.split(";")) {
            out.add(parse(one));
        }
        return List.copyOf(out);
    }

    private static OutputRewrite parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 4 || !parts[3].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("normalise: want STREAM/REGEX/REPLACEMENT/, got '" + text + "'");
        }
        try {
            return new OutputRewrite(parts[0], Pattern.compile(parts[1]), parts[2]);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("normalise: bad regex in '" + text + "': " + e.getDescription(), e);
        }
    }

    /** The outcome with this rewrite applied to its stream. */
    Outcome applyTo(Outcome o) {
        return stream.equals("stdout")
                ? new Outcome(pattern.matcher(o.stdout()).replaceAll(replacement), o.stderr(), o.status(), o.files())
                : new Outcome(o.stdout(), pattern.matcher(o.stderr()).replaceAll(replacement), o.status(), o.files());
    }
}
