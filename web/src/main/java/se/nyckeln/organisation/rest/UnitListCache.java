package se.nyckeln.organisation.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.EntityTag;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.shared.Sha256;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The JSON of {@code GET /api/v1/units}, kept per (organisation revision, date, caller's scope). The list is
 * read on every screen and by every client, it is the same for every caller with the same scope until the
 * organisation changes, and turning 60-odd units into 15 kB of JSON costs more than everything else the
 * request does; so the bytes are made once per key and served as they are. The JSON is written by the same
 * JSON-B (Yasson, default configuration) RESTEasy uses for the other endpoints, so it is byte for byte what
 * the endpoint answered before. The entity tag is the SHA-256 of those bytes: a client that sends it back in
 * {@code If-None-Match} gets 304. A viewer's entry is filed under its exact set of visible unit ids (part of
 * the key), so no caller is ever answered from another scope's entry. Old revisions are dropped wholesale.
 */
@ApplicationScoped
public class UnitListCache {

    private static final int MAX_ENTRIES = 256;
    private static final Jsonb JSON = JsonbBuilder.create();

    /** The serialised list and its entity tag. */
    public record Body(byte[] json, EntityTag tag) {
    }

    private record Key(LocalDate date, OrgTree.ListingKey listing) {
    }

    private final ConcurrentHashMap<Key, Body> entries = new ConcurrentHashMap<>();

    /** The body for this key and date, made from {@code units} when not yet known. */
    public Body get(OrgTree.ListingKey listing, LocalDate date, Supplier<List<Views.UnitView>> units) {
        Key key = new Key(date, listing);
        Body body = entries.get(key);
        if (body != null) {
            return body;
        }
        byte[] json = JSON.toJson(units.get()).getBytes(StandardCharsets.UTF_8);
        body = new Body(json, new EntityTag(Sha256.of(json).hex()));
        entries.keySet().removeIf(k -> k.listing().revision() < listing.revision());
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, body);
        return body;
    }
}
