/*
 * ResultsJson: results.json, the machine-readable record of one `azalea
 * bench` run: the machine (kernel, CPU model, CPU count, Java, date), the TSC
 * rate cycle figures were converted with, and every measurement with all its
 * samples, its median and its spread. Layout (schema version 1):
 *   {"schema": 1, "machine": {...}, "tsc_per_ns": N|null, "sections": {id: title},
 *    "measurements": [{"section", "name", "variant", "unit", "median",
 *                      "spread", "samples": [...]}, ...]}
 */
package org.azalea.bench;

import org.azalea.report.Json;

public final class ResultsJson {
    public static final int SCHEMA = 1;

    private ResultsJson() {
    }

    public static String of(BenchResults results) {
        Json j = new Json().beginObject().field("schema", SCHEMA);
        BenchResults.Machine m = results.machine();
        j.key("machine").beginObject().field("kernel", m.kernel()).field("cpu_model", m.cpuModel())
                .field("cpus", m.cpus()).field("java", m.javaVersion()).field("date", m.date().toString())
                .endObject();
        j.key("tsc_per_ns").value(results.tscPerNs());
        j.key("sections").beginObject();
        results.all().stream().map(Measurement::section).distinct().forEach(s -> j.field(s, results.title(s)));
        j.endObject();
        j.key("measurements").beginArray();
        for (Measurement x : results.all()) {
            j.beginObject().field("section", x.section()).field("name", x.name()).field("variant", x.variant())
                    .field("unit", x.unit());
            j.key("median").value(x.median());
            j.key("spread").value(x.spread());
            j.key("samples").beginArray();
            for (double v : x.samples()) {
                j.value(v);
            }
            j.endArray().endObject();
        }
        return j.endArray().endObject().toString() + "\n";
    }
}
