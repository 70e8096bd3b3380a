package se.nyckeln.bench;

import se.nyckeln.launcher.Database;
import se.nyckeln.organisation.infrastructure.demo.DemoCity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * What a scenario gets: the running server and its database, a scratch directory, the city size, and the
 * load settings.
 *
 * @param database   the embedded PostgreSQL (superuser connections for baselines)
 * @param baseUrl    e.g. {@code http://localhost:41234}, no trailing slash
 * @param workDir    a scratch directory of this run
 * @param size       the demo city size the data scenarios use
 * @param load       durations and rounds of the load measurements
 */
public record BenchContext(Database database, String baseUrl, Path workDir, DemoCity.Size size, Load load) {

    /** The administrator the harness creates (as demo mode would), with the demo password. */
    public static final String ADMIN = "admin";
    public static final String PASSWORD = "nyckeln-demo";
    /** Two FINANCE users the harness creates the same way (the chargeback run needs a preparer and an approver). */
    public static final String FINANCE = "bench-finance";
    public static final String FINANCE2 = "bench-finance2";

    /**
     * @param warmup      discarded warm-up before each (endpoint, concurrency) pair's rounds
     * @param measurement one measured interval
     * @param rounds      interleaved A/B rounds (reliability.md §9: at least 5)
     */
    public record Load(Duration warmup, Duration measurement, int rounds) {
    }

    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** {@code Authorization} header value for the administrator (HTTP Basic). */
    public String adminAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code Authorization} header value for one of the harness's users (HTTP Basic, the demo password). */
    public static String authorization(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** A request builder for {@code path} as {@code user}. */
    public HttpRequest.Builder request(String path, String user) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", authorization(user));
    }

    /** An authenticated request builder for {@code path}. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", adminAuthorization());
    }

    /** A fresh HTTP/1.1 client (keep-alive pooled connections), as a separate client program would use. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
