package se.nyckeln.platform.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of the application ({@code java.time.Clock}, Europe/Stockholm). In test mode
 * ({@code -Dnyckeln.testmode=true}) it can be moved to a fixed instant, so that periods, alerts and
 * effective dates are testable without waiting for month end; otherwise it is the system clock.
 */
@ApplicationScoped
public class ClockProvider {

    public static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    private final AtomicReference<Clock> override = new AtomicReference<>();

    public static boolean testMode() {
        return Boolean.getBoolean("nyckeln.testmode");
    }

    @Produces
    public Clock clock() {
        return new DelegatingClock(this);
    }

    Clock current() {
        Clock c = override.get();
        return c != null ? c : Clock.system(ZONE);
    }

    public LocalDate today() {
        return LocalDate.now(current());
    }

    /** Test mode only: fixes the clock at {@code instant}; {@code null} returns to the system clock. */
    public void set(Instant instant) {
        if (!testMode()) {
            throw new IllegalStateException("the clock can only be set in test mode");
        }
        override.set(instant == null ? null : Clock.fixed(instant, ZONE));
    }

    /** A clock that always asks the provider, so injected clocks follow a test's changes. */
    private static final class DelegatingClock extends Clock implements java.io.Serializable {
        private final transient ClockProvider provider;

        DelegatingClock(ClockProvider provider) {
            this.provider = provider;
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return provider.current().withZone(zone);
        }

        @Override
        public Instant instant() {
            return provider.current().instant();
        }

        @Override
        public String toString() {
            return "NyckelnClock[" + instant() + "]";
        }
    }

    /** For diagnostics: how far the clock is from the system clock. */
    public Duration offset() {
        return Duration.between(Instant.now(), current().instant());
    }
}
