package se.nyckeln.organisation.infrastructure;

import se.nyckeln.organisation.domain.Membership;
import se.nyckeln.organisation.domain.UnitKind;
import se.nyckeln.organisation.domain.UnitVersion;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The stored organisation an import is checked and planned against (keys: code, lower-case UPN, serial). */
public final class Snapshot {

    public record Unit(long id, String code, UnitKind kind, String orgNumber, LocalDate from, LocalDate to,
                       List<UnitVersion> versions) {
        public boolean validOn(LocalDate day) {
            return !day.isBefore(from) && (to == null || !day.isAfter(to));
        }
    }

    public record Person(long id, String upn, String objectId, String displayName, String email,
                         List<Membership> memberships) {
    }

    public record Device(long id, String serial, String name, String kind, Long primaryPersonId,
                         List<Membership> memberships) {
    }

    public final Map<String, Unit> unitsByCode = new HashMap<>();
    public final Map<Long, Unit> unitsById = new HashMap<>();
    public final Map<String, Person> peopleByUpn = new HashMap<>();
    public final Map<String, Long> personIdByObjectId = new HashMap<>();
    public final Map<String, Device> devicesBySerial = new HashMap<>();
    public final Map<String, Long> departments = new HashMap<>();

    public void add(Unit u) {
        unitsByCode.put(u.code(), u);
        unitsById.put(u.id(), u);
    }

    public void add(Person p) {
        peopleByUpn.put(key(p.upn()), p);
        if (p.objectId() != null) {
            personIdByObjectId.put(key(p.objectId()), p.id());
        }
    }

    public void add(Device d) {
        devicesBySerial.put(d.serial(), d);
    }

    public static String key(String text) {
        return text == null ? null : text.trim().toLowerCase(Locale.ROOT);
    }
}
