package se.nyckeln.platform.security;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Nyckeln's one authentication mechanism (Jakarta Security allows one per application), serving two kinds
 * of client:
 * <ul>
 *   <li>the REST API ({@code /api/}): HTTP Basic on every call, no session; an unauthenticated call to a
 *       protected resource gets <b>401 problem+json</b>, never a redirect;</li>
 *   <li>the UI: a form login (the login page calls {@code SecurityContext.authenticate}), remembered in the
 *       HTTP session; an unauthenticated page request is redirected to the login page.</li>
 * </ul>
 */
@ApplicationScoped
public class NyckelnAuthentication implements HttpAuthenticationMechanism {

    static final String SESSION_IDENTITY = "se.nyckeln.identity";
    public static final String LOGIN_PAGE = "/login.xhtml";

    /** What the session remembers of a logged-in user. */
    public record SessionIdentity(String username, Set<String> roles) implements Serializable {
    }

    @EJB
    private UserDirectory directory;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        boolean api = path(request).startsWith("/api/");

        // 1. the login form: SecurityContext.authenticate(...) with a username/password credential
        Credential credential = context.getAuthParameters() == null ? null : context.getAuthParameters().getCredential();
        if (credential instanceof UsernamePasswordCredential up) {
            Optional<UserDirectory.Identity> id = directory.authenticate(up.getCaller(), up.getPasswordAsString());
            if (id.isEmpty()) {
                // Not responseUnauthorized(): its sendError(401) would replace the login page, and with it the
                // "wrong user name or password" message, by the container's error page.
                return context.doNothing();
            }
            request.changeSessionId();
            request.getSession(true).setAttribute(SESSION_IDENTITY,
                    new SessionIdentity(id.get().username(), Set.copyOf(id.get().roles())));
            return context.notifyContainerAboutLogin(id.get().username(), id.get().roles());
        }

        // 2. HTTP Basic (REST clients)
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            Optional<UserDirectory.Identity> id = basic(authorization.substring(6).trim());
            if (id.isPresent()) {
                return context.notifyContainerAboutLogin(id.get().username(), id.get().roles());
            }
            return unauthorized(request, response, context, api);
        }

        // 3. a logged-in UI session
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_IDENTITY) instanceof SessionIdentity si) {
            return context.notifyContainerAboutLogin(si.username(), si.roles());
        }

        if (context.isProtected()) {
            return unauthorized(request, response, context, api);
        }
        return context.doNothing();
    }

    private AuthenticationStatus unauthorized(HttpServletRequest request, HttpServletResponse response,
                                              HttpMessageContext context, boolean api) {
        if (!api) {
            return context.redirect(request.getContextPath() + LOGIN_PAGE);
        }
        // The body (problem+json) is written by the error page, ProblemErrorServlet: the container
        // answers a failed authentication with sendError(401), which would discard anything written here.
        response.setHeader("WWW-Authenticate", "Basic realm=\"Nyckeln\", charset=\"UTF-8\"");
        return context.responseUnauthorized();
    }

    private Optional<UserDirectory.Identity> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return directory.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String ctx = request.getContextPath();
        return ctx != null && !ctx.isEmpty() && uri.startsWith(ctx) ? uri.substring(ctx.length()) : uri;
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(SESSION_IDENTITY);
        }
    }
}
