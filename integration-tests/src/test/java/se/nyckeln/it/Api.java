package se.nyckeln.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** A small HTTP client for black-box tests against the deployed server. */
public final class Api {

    public static final String PASSWORD = "nyckeln-demo";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    private final String user;
    private String language = "sv";

    private Api(String user) {
        this.user = user;
    }

    public static Api as(String user) {
        return new Api(user);
    }

    public static Api anonymous() {
        return new Api(null);
    }

    public Api inEnglish() {
        this.language = "en";
        return this;
    }

    public static String base() {
        return "http://127.0.0.1:" + System.getProperty("nyckeln.it.http.port");
    }

    public Reply get(String path) {
        return send(builder(path).GET());
    }

    /** A GET with extra request headers, given as name, value, name, value... */
    public Reply get(String path, String... headers) {
        HttpRequest.Builder b = builder(path).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    public Reply delete(String path) {
        return send(builder(path).DELETE());
    }

    public Reply postJson(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply putJson(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Uploads a file as multipart/form-data (field {@code file}), as a browser does. */
    public Reply upload(String path, String fileName, byte[] content) {
        String boundary = "----nyckeln" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return send(builder(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Sends a raw body with a content type (e.g. text/csv). */
    public Reply post(String path, String contentType, byte[] content) {
        return send(builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(content)));
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(120))
                .header("Accept-Language", language);
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response, with JSON helpers. */
    public record Reply(int status, String contentType, String body, HttpResponse<String> raw) {

        public JsonObject json() {
            return (JsonObject) structure();
        }

        public JsonArray array() {
            return (JsonArray) structure();
        }

        private JsonStructure structure() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }
}
