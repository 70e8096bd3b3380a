package se.nyckeln.platform.time;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.Role;

import java.time.Clock;
import java.time.Instant;

/**
 * Moves the application clock in test mode, for end-to-end tests of month ends and alerts. Outside test mode
 * it pretends not to exist (404), so a production server gives away nothing.
 */
@Stateless
@RolesAllowed(Role.ADMIN)
public class ClockControl {

    @Inject
    private ClockProvider clocks;

    @Inject
    private Clock clock;

    /** Fixes the clock at {@code instant}; returns the application's "now" afterwards. */
    public Instant set(Instant instant) {
        requireTestMode();
        if (instant == null) {
            throw BusinessException.invalid("clock-instant-required", "instant");
        }
        clocks.set(instant);
        return clock.instant();
    }

    /** Back to the system clock. */
    public Instant reset() {
        requireTestMode();
        clocks.set(null);
        return clock.instant();
    }

    private static void requireTestMode() {
        if (!ClockProvider.testMode()) {
            throw new BusinessException(404, "clock-test-mode-only", null);
        }
    }
}
