package se.nyckeln.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared steps of the licensing tests: demo unit ids, a product of one's own, a filled pool. */
final class Licensing {

    static final Api ADMIN = Api.as("admin");

    private Licensing() {
    }

    static Map<String, Long> unitIds() {
        Api.Reply r = ADMIN.get("/api/v1/units");
        assertEquals(200, r.status(), r.toString());
        Map<String, Long> ids = new HashMap<>();
        for (JsonValue v : r.array()) {
            JsonObject o = v.asJsonObject();
            ids.put(o.getString("code"), o.getJsonNumber("id").longValue());
        }
        return ids;
    }

    static long product(String sku, String metric, String... aliases) {
        StringBuilder a = new StringBuilder();
        for (String alias : aliases) {
            a.append(a.length() == 0 ? "" : ",").append('"').append(alias).append('"');
        }
        Api.Reply r = ADMIN.postJson("/api/v1/products", "{\"publisher\":\"Microsoft\",\"name\":\"Produkt " + sku
                + "\",\"sku\":\"" + sku + "\",\"metric\":\"" + metric + "\",\"term\":\"SUBSCRIPTION\",\"aliases\":["
                + a + "]}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("id").longValue();
    }

    /** Buys {@code quantity} seats valid from 2020 on; answers the pool id. */
    static long entitle(long productId, long ownerUnitId, long quantity, String validTo) {
        Api.Reply r = ADMIN.postJson("/api/v1/entitlements", "{\"productId\":" + productId + ",\"ownerUnitId\":"
                + ownerUnitId + ",\"quantity\":" + quantity + ",\"unitPriceOre\":12500,\"purchaseReference\":\"PO-"
                + productId + "\",\"validFrom\":\"2020-01-01\"" + (validTo == null ? "" : ",\"validTo\":\"" + validTo + "\"")
                + "}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("poolId").longValue();
    }

    static Api.Reply allocate(Api api, long poolId, long unitId, long quantity) {
        return api.postJson("/api/v1/pools/" + poolId + "/allocations",
                "{\"unitId\":" + unitId + ",\"quantity\":" + quantity + "}");
    }

    static JsonObject pool(Api api, long poolId) {
        Api.Reply r = api.get("/api/v1/pools/" + poolId);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    /** unit id → seats, as listed for the caller. */
    static Map<Long, Long> allocations(JsonObject pool) {
        Map<Long, Long> m = new HashMap<>();
        for (JsonValue v : pool.getJsonArray("allocations")) {
            JsonObject o = v.asJsonObject();
            m.put(o.getJsonNumber("unitId").longValue(), o.getJsonNumber("quantity").longValue());
        }
        return m;
    }

    /** A person of the unit since 2020 (a unique UPN from the suffix); answers the id. */
    static long person(String upn, long unitId) {
        Api.Reply r = ADMIN.postJson("/api/v1/people", "{\"upn\":\"" + upn + "\",\"displayName\":\"Licenstest\","
                + "\"unitId\":" + unitId + ",\"validFrom\":\"2020-01-01\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("id").longValue();
    }

    static long device(String serial, long unitId) {
        Api.Reply r = ADMIN.postJson("/api/v1/devices", "{\"serialNumber\":\"" + serial + "\",\"name\":\"PC\","
                + "\"kind\":\"STAFF_COMPUTER\",\"unitId\":" + unitId + ",\"validFrom\":\"2020-01-01\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("id").longValue();
    }

    /** Gives a seat of the pool, held by the unit, to a person ({@code "personId"}) or device ({@code "deviceId"}). */
    static Api.Reply assign(Api api, long poolId, long unitId, String targetField, long targetId) {
        return api.postJson("/api/v1/pools/" + poolId + "/assignments",
                "{\"unitId\":" + unitId + ",\"" + targetField + "\":" + targetId + "}");
    }
}
