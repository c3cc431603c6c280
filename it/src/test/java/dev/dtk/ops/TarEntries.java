package dev.dtk.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Reads the entries of a tar stream (ustar, with PAX long names): name to content, for the names asked for. */
final class TarEntries {

    private TarEntries() {
    }

    /** Every entry's name, with the content of those {@code keep} accepts (others map to an empty array). */
    static Map<String, byte[]> read(InputStream in, Predicate<String> keep) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String paxName = null;
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
            char type = (char) header[156];
            byte[] content = in.readNBytes((int) size);
            in.skipNBytes((512 - size % 512) % 512);
            if (type == 'x') {
                paxName = paxPath(new String(content, StandardCharsets.UTF_8));
                continue;
            }
            if (paxName != null) {
                name = paxName;
                paxName = null;
            }
            if (name.startsWith("./")) {
                name = name.substring(2);
            }
            entries.put(name, keep.test(name) ? content : new byte[0]);
        }
        return entries;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 6);
            }
        }
        return null;
    }

    private static String text(byte[] header, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = offset; i < offset + length && header[i] != 0; i++) {
            out.write(header[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
