package se.nyckeln.platform.security;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;

import java.util.Locale;

/**
 * Chooses who authenticates: Nyckeln's own {@link NyckelnAuthentication} (demo users, HTTP Basic and the form
 * login), or, in OIDC mode, WildFly's elytron-oidc-client.
 *
 * <p>OIDC mode is on when the system property {@code nyckeln.auth} (set by {@code oidc.cli}) or the environment
 * variable {@code NYCKELN_AUTH} is {@code oidc}. The app's mechanism is then vetoed: as long as a Jakarta
 * Security {@code HttpAuthenticationMechanism} bean exists, WildFly hands every request to it (through JASPI)
 * and the OIDC mechanism of the subsystem's {@code secure-deployment} never sees a bearer token.
 */
public class AuthenticationMode implements Extension {

    public static final String PROPERTY = "nyckeln.auth";
    public static final String ENV = "NYCKELN_AUTH";

    /** True if the server is configured for OpenID Connect login. */
    public static boolean oidc() {
        String mode = System.getProperty(PROPERTY);
        if (mode == null || mode.isBlank()) {
            mode = System.getenv(ENV);
        }
        return mode != null && mode.trim().toLowerCase(Locale.ROOT).equals("oidc");
    }

    void stepAsideForOidc(@Observes ProcessAnnotatedType<NyckelnAuthentication> type) {
        if (oidc()) {
            type.veto();
        }
    }
}
