package se.nyckeln.organisation.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One person's (or device's) memberships while a batch of dated statements is applied to them in order.
 * Statements are checked against what earlier ones already did, so that a file may carry a person's history
 * (A from January, B from March); at the end, the difference from what was stored is the set of inserts and
 * updates to write.
 */
public final class MembershipLedger {

    private final Map<Long, Membership> original = new HashMap<>();
    private final List<Membership> working = new ArrayList<>();
    private long nextTemporaryId = -1;

    public MembershipLedger(List<Membership> stored) {
        for (Membership m : stored) {
            original.put(m.id(), m);
            working.add(m);
        }
    }

    /** "In unit {@code unitId} from {@code from} to {@code to}"; throws {@link Memberships.OverlapException}. */
    public MembershipChange.Outcome state(long unitId, LocalDate from, LocalDate to) {
        return apply(Memberships.state(Collections.unmodifiableList(working), unitId, from, to));
    }

    /** The membership covering {@code lastDay} ends that day. */
    public MembershipChange.Outcome end(LocalDate lastDay) {
        return apply(Memberships.end(Collections.unmodifiableList(working), lastDay));
    }

    public List<Membership> current() {
        return List.copyOf(working);
    }

    private MembershipChange.Outcome apply(MembershipChange c) {
        if (c.closeId() != null) {
            replace(c.closeId(), m -> new Membership(m.id(), m.unitId(), m.from(), c.closeAt()));
        }
        if (c.reassignId() != null) {
            replace(c.reassignId(), m -> new Membership(m.id(), c.reassignTo(), m.range()));
        }
        if (c.insert() != null) {
            working.add(new Membership(nextTemporaryId--, c.insert().unitId(), c.insert().range()));
        }
        return c.outcome();
    }

    private void replace(long id, java.util.function.UnaryOperator<Membership> change) {
        for (int i = 0; i < working.size(); i++) {
            if (working.get(i).id() == id) {
                working.set(i, change.apply(working.get(i)));
                return;
            }
        }
    }

    /** Memberships to add (not stored yet). */
    public List<Membership> inserts() {
        List<Membership> result = new ArrayList<>(1);
        for (Membership m : working) {
            if (m.id() < 0) {
                result.add(m);
            }
        }
        return List.copyOf(result);
    }

    /** Stored memberships whose unit or end changed. */
    public List<Membership> updates() {
        List<Membership> result = new ArrayList<>(1);
        for (Membership m : working) {
            if (m.id() >= 0 && !m.equals(original.get(m.id()))) {
                result.add(m);
            }
        }
        return List.copyOf(result);
    }

    public Membership storedVersionOf(long id) {
        return original.get(id);
    }
}
