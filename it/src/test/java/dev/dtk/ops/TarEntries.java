package dev.dtk.ops;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Walks the entries of a tar stream (ustar, with PAX long names), handing each entry's content to a visitor. */
final class TarEntries {

    @FunctionalInterface
    interface Visitor {
        /** {@code content} holds the entry's bytes only; what the visitor leaves unread is skipped. */
        void entry(String name, InputStream content) throws IOException;
    }

    private TarEntries() {
    }

    static void walk(InputStream in, Visitor visitor) throws IOException {
        String paxName = null;
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            String octal = text(header, 124, 12).trim();
            long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
            char type = (char) header[156];
            Bounded content = new Bounded(in, size);
            if (type == 'x') {
                paxName = paxPath(new String(content.readAllBytes(), StandardCharsets.UTF_8));
            } else {
                if (paxName != null) {
                    name = paxName;
                    paxName = null;
                }
                visitor.entry(name.startsWith("./") ? name.substring(2) : name, content);
            }
            content.skipNBytes(content.remaining);
            in.skipNBytes((512 - size % 512) % 512);
        }
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

    /** The next {@code remaining} bytes of the tar stream; closing it leaves the tar stream open. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;

        Bounded(InputStream in, long size) {
            super(in);
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public void close() {
            // the tar stream goes on
        }
    }
}
