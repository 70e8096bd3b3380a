package se.nyckeln.audit.rest;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import se.nyckeln.audit.application.AuditQueries;

import java.io.StringReader;
import java.time.Instant;

/** One audit event; {@code before} and {@code after} are the stored JSON states, returned as JSON, not strings. */
public record AuditEntryView(long id, Instant occurredAt, String actor, String action, String entityType,
                             String entityId, Long unitId, JsonValue before, JsonValue after, String detail) {

    public static AuditEntryView of(AuditQueries.Entry e) {
        return new AuditEntryView(e.id(), e.occurredAt(), e.actor(), e.action(), e.entityType(), e.entityId(),
                e.unitId(), json(e.before()), json(e.after()), e.detail());
    }

    private static JsonValue json(String text) {
        if (text == null) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }
}
