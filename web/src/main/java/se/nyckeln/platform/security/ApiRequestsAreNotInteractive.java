package se.nyckeln.platform.security;

import io.undertow.server.HttpHandler;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.HttpString;
import jakarta.servlet.ServletContext;

/**
 * In OIDC mode, keeps the REST API from ever being redirected to the identity provider's login page.
 *
 * <p>One {@code secure-deployment} covers the whole WAR, so the elytron-oidc-client runs with
 * {@code autodetect-bearer-only}: a request it judges to come from a program gets 401, one from a browser is
 * redirected to the login page. Its judgement rests on request headers ({@code X-Requested-With:
 * XMLHttpRequest}, or an {@code Accept} without {@code text/html}, {@code text/*} or {@code *}{@code /*}), so
 * a plain {@code curl} call ({@code Accept: *}{@code /*}) would get a 302. This handler runs before the
 * authentication handlers and marks every {@code /api/} request as a program's, which makes the API
 * bearer-only whatever the client sends. Demo mode is left untouched.
 */
public class ApiRequestsAreNotInteractive implements ServletExtension {

    private static final HttpString X_REQUESTED_WITH = new HttpString("X-Requested-With");

    @Override
    public void handleDeployment(DeploymentInfo deploymentInfo, ServletContext servletContext) {
        if (!AuthenticationMode.oidc()) {
            return;
        }
        // outer handlers wrap the security handlers (inner ones run after authentication)
        deploymentInfo.addOuterHandlerChainWrapper(next -> markApi(next));
    }

    private static HttpHandler markApi(HttpHandler next) {
        return exchange -> {
            if (exchange.getRelativePath().startsWith("/api/")) {
                exchange.getRequestHeaders().put(X_REQUESTED_WITH, "XMLHttpRequest");
            }
            next.handleRequest(exchange);
        };
    }
}
