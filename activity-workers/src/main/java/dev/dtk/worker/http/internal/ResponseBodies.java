package dev.dtk.worker.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * A body as {@code callHttp} returns it: text when it is text (declared by its {@code Content-Type},
 * or decodable as UTF-8 when the type says nothing clear), else base64 in its own field, so binary
 * bodies are never mangled by decoding them as text.
 */
final class ResponseBodies {

    /** Exactly one of the two is set (both null for an empty body). */
    record Body(String text, String base64) {
    }

    private ResponseBodies() {
    }

    static Body of(byte[] bytes, Optional<String> contentType) {
        if (bytes.length == 0) {
            return new Body("", null);
        }
        String type = contentType.orElse("").toLowerCase(Locale.ROOT);
        Charset charset = charset(type).orElse(StandardCharsets.UTF_8);
        if (!isBinary(mediaType(type))) {
            Optional<String> text = decode(bytes, charset);
            if (text.isPresent()) {
                return new Body(text.get(), null);
            }
        }
        return new Body(null, Base64.getEncoder().encodeToString(bytes));
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }

    private static boolean isBinary(String media) {
        if (media.endsWith("+json") || media.endsWith("+xml")) {
            return false;
        }
        return media.startsWith("image/") || media.startsWith("audio/") || media.startsWith("video/")
                || media.startsWith("font/") || media.equals("application/octet-stream")
                || media.equals("application/pdf") || media.equals("application/zip")
                || media.equals("application/gzip") || media.contains("protobuf") || media.equals("application/wasm")
                || media.startsWith("multipart/");
    }

    private static Optional<Charset> charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equals("charset")) {
                try {
                    return Optional.of(Charset.forName(pair[1].trim().replace("\"", "")));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> decode(byte[] bytes, Charset charset) {
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
