package se.nyckeln.licensing.infrastructure;

import org.junit.jupiter.api.Test;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.ImportError;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsagePlannerTest {

    private static final Map<String, Long> PRODUCTS = Map.of("microsoft 365 e3", 1L, "spe_e3", 1L,
            "microsoft teams rooms standard", 2L, "adobe-cc", 3L);
    private static final Map<String, Long> PEOPLE = Map.of("anna@stad.se", 10L, "bertil@stad.se", 11L);
    private static final Map<String, Long> DEVICES = Map.of("PF3X9K2A", 20L);

    private static Function<Collection<String>, Map<String, Long>> known(Map<String, Long> ids, boolean lower) {
        return keys -> {
            Map<String, Long> m = new HashMap<>();
            for (String k : keys) {
                String key = lower ? k.toLowerCase() : k;
                if (ids.containsKey(key)) {
                    m.put(key, ids.get(key));
                }
            }
            return m;
        };
    }

    private static final UsagePlanner.Lookups LOOKUPS = new UsagePlanner.Lookups(known(PRODUCTS, true),
            known(PEOPLE, true), known(DEVICES, false));

    private static CsvTable csv(String text, List<String> columns) {
        return CsvTable.read("usage.csv", text.getBytes(StandardCharsets.UTF_8), columns);
    }

    private static List<String> where(List<ImportError> errors) {
        return errors.stream().map(e -> e.line() + ":" + e.column() + ":" + e.value() + ":" + e.reason())
                .collect(Collectors.toList());
    }

    private static final String M365_HEADER = "Report Refresh Date,User Principal Name,Display Name,Is Deleted,"
            + "Exchange Last Activity Date,OneDrive Last Activity Date,SharePoint Last Activity Date,"
            + "Teams Last Activity Date,Exchange License Assign Date,Assigned Products\n";

    @Test
    void activityIsTheLatestServiceDateAndEveryPlusSeparatedProductCounts() {
        UsagePlan plan = UsagePlanner.m365(csv(M365_HEADER
                + "2025-03-01,Anna@Stad.se,Anna,False,2025-02-01,2025-02-20,,2025-01-15,2019-01-01,"
                + "MICROSOFT 365 E3+Microsoft Teams Rooms Standard\n"
                + "2025-03-01,bertil@stad.se,Bertil,False,,,,,2019-01-01,SPE_E3\n"
                + "2025-03-01,gast@extern.se,Gäst,False,,,,,,\n", UsagePlanner.M365_COLUMNS), LOOKUPS);
        assertEquals(List.of(), where(plan.errors));
        assertEquals(3, plan.rows);
        // the licence assign date is not activity; Bertil never used anything, so gives no evidence
        assertEquals(Map.of(new UsagePlan.Key(1, 10L, null), LocalDate.of(2025, 2, 20),
                new UsagePlan.Key(2, 10L, null), LocalDate.of(2025, 2, 20)), plan.records);
    }

    @Test
    void unknownProductsAndPeopleAndBadDatesAreListedWithTheirLines() {
        UsagePlan plan = UsagePlanner.m365(csv(M365_HEADER
                + "2025-03-01,anna@stad.se,Anna,False,2025-02-01,,,,,Microsoft 365 E3+Visio Plan 2\n"
                + "2025-03-01,okand@stad.se,Okänd,False,2025-13-01,,,,,Power BI Pro\n", UsagePlanner.M365_COLUMNS),
                LOOKUPS);
        assertEquals(List.of("2:Assigned Products:Visio Plan 2:unknown-product",
                "3:exchange last activity date:2025-13-01:bad-date",
                "3:User Principal Name:okand@stad.se:unknown-person",
                "3:Assigned Products:Power BI Pro:unknown-product"), where(plan.errors));
    }

    @Test
    void aReportWithoutActivityColumnsIsRefused() {
        UsagePlan plan = UsagePlanner.m365(csv("User Principal Name,Assigned Products\nanna@stad.se,SPE_E3\n",
                UsagePlanner.M365_COLUMNS), LOOKUPS);
        assertEquals(List.of("1:Exchange Last Activity Date:null:missing-column"), where(plan.errors));
    }

    @Test
    void inventoryRowsNameExactlyOneHolderAKnownSkuAndADate() {
        UsagePlan plan = UsagePlanner.inventory(csv("""
                user_upn;device_serial;sku;last_used
                anna@stad.se;;adobe-cc;2025-01-10
                ;PF3X9K2A;Adobe-CC;2025-01-11
                anna@stad.se;;ADOBE-CC;2025-02-01
                anna@stad.se;PF3X9K2A;adobe-cc;2025-01-10
                ;;adobe-cc;2025-01-10
                ;OKAND;okand-sku;10/1/2025
                """, UsagePlanner.INVENTORY_COLUMNS), LOOKUPS);
        assertEquals(List.of("5:device_serial:PF3X9K2A:person-and-device", "6:user_upn:null:no-person-or-device",
                "7:last_used:10/1/2025:bad-date"), where(plan.errors));
        UsagePlan good = UsagePlanner.inventory(csv("""
                user_upn;device_serial;sku;last_used
                anna@stad.se;;adobe-cc;2025-01-10
                ;PF3X9K2A;Adobe-CC;2025-01-11
                anna@stad.se;;ADOBE-CC;2025-02-01
                ;OKAND;okand-sku;2025-01-01
                """, UsagePlanner.INVENTORY_COLUMNS), LOOKUPS);
        assertEquals(List.of("5:device_serial:OKAND:unknown-device", "5:sku:okand-sku:unknown-product"),
                where(good.errors));
        assertEquals(Map.of(new UsagePlan.Key(3, 10L, null), LocalDate.of(2025, 2, 1),
                new UsagePlan.Key(3, null, 20L), LocalDate.of(2025, 1, 11)), good.records);
    }

    @Test
    void aMissingInventoryColumnIsNamed() {
        UsagePlan plan = UsagePlanner.inventory(csv("user_upn;sku;last_used\nanna@stad.se;adobe-cc;2025-01-01\n",
                UsagePlanner.INVENTORY_COLUMNS), LOOKUPS);
        assertEquals(List.of("1:device_serial:null:missing-column"), where(plan.errors));
    }

    private static final String ADMIN_HEADER = "Block credential,City,Country/Region,Department,Display name,"
            + "First name,Last name,User principal name,Licenses,Usage location\n";

    @Test
    void theAdminCentreExportListsEveryPlusSeparatedLicenceOfAnAccount() {
        UsagePlan plan = UsagePlanner.adminCentre(csv(ADMIN_HEADER
                + "False,Stockholm,Sverige,SDN,Anna,Anna,A,Anna@Stad.se,Microsoft 365 E3+Microsoft Teams Rooms Standard,SE\n"
                + "True,Stockholm,Sverige,SDN,Bertil,Bertil,B,bertil@stad.se,SPE_E3,SE\n"
                + "False,Stockholm,Sverige,SDN,Gäst,G,G,gast@extern.se,Unlicensed,SE\n", UsagePlanner.ADMIN_CENTRE_COLUMNS),
                LOOKUPS);
        assertEquals(List.of(), where(plan.errors));
        assertEquals(Map.of(new UsagePlan.Key(1, 10L, null), false, new UsagePlan.Key(2, 10L, null), false,
                new UsagePlan.Key(1, 11L, null), true), plan.holdings);
        assertEquals(Map.of(), plan.records, "no dates: nothing for the usage table");
        assertEquals(3, plan.rows);
    }

    @Test
    void theAdminCentreExportNamesEveryUnknownLicenceAndPerson() {
        UsagePlan plan = UsagePlanner.adminCentre(csv(ADMIN_HEADER
                + "False,,,,A,A,A,anna@stad.se,Microsoft 365 E3+Visio Plan 2,SE\n"
                + "Maybe,,,,B,B,B,bertil@stad.se,SPE_E3,SE\n"
                + "False,,,,C,C,C,okand@stad.se,SPE_E3,SE\n", UsagePlanner.ADMIN_CENTRE_COLUMNS), LOOKUPS);
        assertEquals(List.of("2:Licenses:Visio Plan 2:unknown-product", "3:Block credential:Maybe:bad-boolean",
                "4:User principal name:okand@stad.se:unknown-person"), where(plan.errors));
    }

    @Test
    void theAdminCentreExportNeedsItsTwoColumns() {
        UsagePlan plan = UsagePlanner.adminCentre(csv("Display name,User principal name\nA,anna@stad.se\n",
                UsagePlanner.ADMIN_CENTRE_COLUMNS), LOOKUPS);
        assertEquals(1, plan.errors.size(), plan.errors.toString());
        assertEquals("missing-column", plan.errors.get(0).reason());
    }
}
