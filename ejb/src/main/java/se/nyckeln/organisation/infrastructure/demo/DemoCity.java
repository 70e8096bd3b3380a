package se.nyckeln.organisation.infrastructure.demo;

import se.nyckeln.shared.OrgNumber;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic, Stockholm-like demo city: the kommun (Stockholms stad), kommunstyrelsen with the central IT
 * function, the 11 stadsdelsnämnder of today and the six they were merged from (effective-dated history),
 * facknämnder with schools, and bolag under Stockholms Stadshus AB. People and devices are fictitious; the same
 * size always gives byte-identical output (a fixed seed, no clock, no hash-order iteration).
 *
 * <p>Two sizes: {@link Size#DEMO} (loaded by the run command, starts in seconds) and {@link Size#BENCHMARK}
 * (PRODUCT.md §6: 60 units, 60,000 people, 150,000 devices).
 */
public final class DemoCity {

    public enum Size {
        DEMO(480, 220, 40), BENCHMARK(60_000, 90_000, 5_000);

        final int people;
        final int pupilDevices;
        final int sharedDevices;

        Size(int people, int pupilDevices, int sharedDevices) {
            this.people = people;
            this.pupilDevices = pupilDevices;
            this.sharedDevices = sharedDevices;
        }
    }

    public static final LocalDate CITY_START = LocalDate.of(2019, 1, 1);
    public static final String KOMMUN_ORG_NUMBER = "2120000142";

    public record Unit(String code, String name, String kind, String parentCode, String costCentre, String orgNumber,
                       LocalDate validFrom, LocalDate validTo, String mergedInto) {
    }

    public record Membership(String unitCode, LocalDate validFrom, LocalDate validTo) {
    }

    public record Person(String upn, String displayName, String objectId, String email, String department,
                         List<Membership> memberships) {
    }

    public record Device(String serialNumber, String name, String kind, String primaryUserUpn,
                         List<Membership> memberships) {
    }

    private final List<Unit> units = new ArrayList<>();
    private final List<Person> people = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();

    public static DemoCity generate(Size size) {
        DemoCity city = new DemoCity();
        city.buildUnits();
        city.buildPeopleAndDevices(size, new Random(20261201L));
        return city;
    }

    public List<Unit> units() {
        return units;
    }

    public List<Person> people() {
        return people;
    }

    public List<Device> devices() {
        return devices;
    }

    // ------------------------------------------------------------------ units

    private static final LocalDate HAGERSTEN_ALVSJO = LocalDate.of(2020, 7, 1);
    private static final LocalDate JARVA = LocalDate.of(2023, 7, 1);

    private void buildUnits() {
        unit("KOMMUN", "Stockholms stad", "KOMMUN", null, "1000", KOMMUN_ORG_NUMBER, CITY_START, null, null);
        unit("KS", "Kommunstyrelsen", "FACKNAMND", "KOMMUN", "1010", null, CITY_START, null, null);
        unit("KS-SLK", "Stadsledningskontoret", "SUBUNIT", "KS", "1011", null, CITY_START, null, null);
        unit("KS-SLK-IT", "IT-avdelningen", "SUBUNIT", "KS-SLK", "1012", null, CITY_START, null, null);
        unit("KS-SLK-FIN", "Finansavdelningen", "SUBUNIT", "KS-SLK", "1013", null, CITY_START, null, null);

        // today's eleven stadsdelsnämnder
        String[][] sdn = {
                {"SDN-BROMMA", "Bromma stadsdelsnämnd", "2100"},
                {"SDN-ENSKEDE", "Enskede-Årsta-Vantörs stadsdelsnämnd", "2110"},
                {"SDN-FARSTA", "Farsta stadsdelsnämnd", "2120"},
                {"SDN-HASSELBY", "Hässelby-Vällingby stadsdelsnämnd", "2140"},
                {"SDN-KUNGSHOLMEN", "Kungsholmens stadsdelsnämnd", "2160"},
                {"SDN-SKARPNACK", "Skarpnäcks stadsdelsnämnd", "2180"},
                {"SDN-SKARHOLMEN", "Skärholmens stadsdelsnämnd", "2190"},
                {"SDN-SODERMALM", "Södermalms stadsdelsnämnd", "2200"},
        };
        for (String[] s : sdn) {
            sdnWithSubunits(s[0], s[1], s[2], CITY_START, null, null);
        }
        // merged ones: history the chargeback keys must survive
        sdnWithSubunits("SDN-HAGERSTEN-LILJEHOLMEN", "Hägersten-Liljeholmens stadsdelsnämnd", "2130", CITY_START,
                HAGERSTEN_ALVSJO.minusDays(1), "SDN-HAGERSTEN-ALVSJO");
        sdnWithSubunits("SDN-ALVSJO", "Älvsjö stadsdelsnämnd", "2131", CITY_START, HAGERSTEN_ALVSJO.minusDays(1),
                "SDN-HAGERSTEN-ALVSJO");
        sdnWithSubunits("SDN-HAGERSTEN-ALVSJO", "Hägersten-Älvsjö stadsdelsnämnd", "2135", HAGERSTEN_ALVSJO, null, null);
        sdnWithSubunits("SDN-RINKEBY-KISTA", "Rinkeby-Kista stadsdelsnämnd", "2150", CITY_START, JARVA.minusDays(1), "SDN-JARVA");
        sdnWithSubunits("SDN-SPANGA-TENSTA", "Spånga-Tensta stadsdelsnämnd", "2151", CITY_START, JARVA.minusDays(1), "SDN-JARVA");
        sdnWithSubunits("SDN-JARVA", "Järva stadsdelsnämnd", "2155", JARVA, null, null);
        sdnWithSubunits("SDN-NORRMALM", "Norrmalms stadsdelsnämnd", "2170", CITY_START, JARVA.minusDays(1), "SDN-NORRA-INNERSTADEN");
        sdnWithSubunits("SDN-OSTERMALM", "Östermalms stadsdelsnämnd", "2171", CITY_START, JARVA.minusDays(1), "SDN-NORRA-INNERSTADEN");
        sdnWithSubunits("SDN-NORRA-INNERSTADEN", "Norra innerstadens stadsdelsnämnd", "2175", JARVA, null, null);

        // facknämnder
        unit("FN-UTB", "Utbildningsnämnden", "FACKNAMND", "KOMMUN", "3000", null, CITY_START, null, null);
        unit("FN-UTB-GR-1", "Skarpnäcks grundskola", "SUBUNIT", "FN-UTB", "3011", null, CITY_START, null, null);
        unit("FN-UTB-GR-2", "Vällingby grundskola", "SUBUNIT", "FN-UTB", "3012", null, CITY_START, null, null);
        unit("FN-UTB-GY-1", "Kungsholmens gymnasium", "SUBUNIT", "FN-UTB", "3021", null, CITY_START, null, null);
        String[][] fn = {
                {"FN-SOC", "Socialnämnden", "3100"},
                {"FN-AN", "Äldrenämnden", "3200"},
                {"FN-KUL", "Kulturnämnden", "3300"},
                {"FN-IDR", "Idrottsnämnden", "3400"},
                {"FN-MHN", "Miljö- och hälsoskyddsnämnden", "3500"},
                {"FN-SBN", "Stadsbyggnadsnämnden", "3600"},
                {"FN-TN", "Trafiknämnden", "3700"},
                {"FN-SN", "Servicenämnden", "3800"},
                {"FN-AMN", "Arbetsmarknadsnämnden", "3900"},
        };
        for (String[] f : fn) {
            unit(f[0], f[1], "FACKNAMND", "KOMMUN", f[2], null, CITY_START, null, null);
        }

        // bolag: own legal entities under the parent company
        unit("BOLAG-STADSHUS", "Stockholms Stadshus AB", "BOLAG", "KOMMUN", "9000", orgNumber(1), CITY_START, null, null);
        String[][] bolag = {
                {"BOLAG-FAMILJEBOSTADER", "AB Familjebostäder"},
                {"BOLAG-STOCKHOLMSHEM", "AB Stockholmshem"},
                {"BOLAG-SVENSKA-BOSTADER", "AB Svenska Bostäder"},
                {"BOLAG-MICASA", "Micasa Fastigheter i Stockholm AB"},
                {"BOLAG-SISAB", "Skolfastigheter i Stockholm AB"},
                {"BOLAG-SVOA", "Stockholm Vatten och Avfall AB"},
                {"BOLAG-HAMN", "Stockholms Hamn AB"},
                {"BOLAG-STOKAB", "AB Stokab"},
        };
        int n = 2;
        for (String[] b : bolag) {
            unit(b[0], b[1], "BOLAG", "BOLAG-STADSHUS", String.valueOf(9000 + n * 10), orgNumber(n), CITY_START, null, null);
            n++;
        }
        unit("BOLAG-SVOA-IT", "Stockholm Vatten och Avfall AB, IT", "SUBUNIT", "BOLAG-SVOA", "9071", null, CITY_START, null, null);
    }

    private void sdnWithSubunits(String code, String name, String costCentre, LocalDate from, LocalDate to, String mergedInto) {
        unit(code, name, "STADSDELSNAMND", "KOMMUN", costCentre, null, from, to, mergedInto);
        if (to == null) {
            unit(code + "-ADM", name.replace("stadsdelsnämnd", "stadsdelsförvaltning") + ", administration", "SUBUNIT",
                    code, costCentre + "1", null, from, null, null);
            unit(code + "-FSK", name.replace("stadsdelsnämnd", "stadsdelsförvaltning") + ", förskola", "SUBUNIT",
                    code, costCentre + "2", null, from, null, null);
        }
    }

    private void unit(String code, String name, String kind, String parent, String costCentre, String orgNumber,
                      LocalDate from, LocalDate to, String mergedInto) {
        units.add(new Unit(code, name, kind, parent, costCentre, orgNumber, from, to, mergedInto));
    }

    /** Fictitious aktiebolag numbers 559900-00NK with a valid Luhn check digit. */
    static String orgNumber(int n) {
        String nine = String.format("5599000%02d", n);
        String number = nine + OrgNumber.luhnCheckDigit(nine);
        return new OrgNumber(number).digits();
    }

    // ------------------------------------------------------------------ people and devices

    private static final String[] FIRST = {"Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Anders", "Sara",
            "Mikael", "Lena", "Per", "Emma", "Karl", "Ingrid", "Nils", "Elin", "Olof", "Sofia", "Gustav", "Fatima",
            "Ali", "Aisha", "Mohammed", "Linnea", "Oskar", "Maja", "Hugo", "Ebba", "Axel", "Wilma", "Liam", "Saga",
            "Noah", "Alva", "Elias", "Astrid", "Vincent", "Selma", "Leo"};
    private static final String[] LAST = {"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
            "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
            "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren",
            "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund",
            "Fredriksson", "Sandberg", "Henriksson", "Ali", "Mohammed", "Hussein", "Yilmaz", "Nguyen"};

    private void buildPeopleAndDevices(Size size, Random random) {
        // Units people work in, weighted: today's units, plus the merged ones (people who moved at the merger).
        List<Unit> workplaces = units.stream()
                .filter(u -> !"KOMMUN".equals(u.kind()) && !"BOLAG-STADSHUS".equals(u.code()))
                .toList();
        int[] weights = new int[workplaces.size()];
        int total = 0;
        for (int i = 0; i < weights.length; i++) {
            Unit u = workplaces.get(i);
            int w = switch (u.kind()) {
                case "STADSDELSNAMND" -> 2;
                case "SUBUNIT" -> u.code().startsWith("FN-UTB") ? 12 : u.code().endsWith("-FSK") ? 8 : 4;
                case "FACKNAMND" -> u.code().equals("FN-UTB") ? 6 : 5;
                case "BOLAG" -> 3;
                default -> 1;
            };
            weights[i] = w;
            total += w;
        }
        for (int i = 0; i < size.people; i++) {
            int pick = random.nextInt(total);
            int idx = 0;
            while (pick >= weights[idx]) {
                pick -= weights[idx++];
            }
            Unit unit = workplaces.get(idx);
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            String upn = ascii(first + "." + last).toLowerCase() + (i + 1) + "@stad.example";
            LocalDate start = unit.validFrom().plusDays(random.nextInt(400));
            List<Membership> memberships = new ArrayList<>();
            if (unit.validTo() != null && !start.isAfter(unit.validTo())) {
                // worked in a unit that was merged: moved to the successor on the merger date
                memberships.add(new Membership(unit.code(), start, unit.validTo()));
                memberships.add(new Membership(unit.mergedInto(), unit.validTo().plusDays(1), null));
            } else {
                LocalDate from = start.isAfter(unit.validFrom()) ? start : unit.validFrom();
                LocalDate to = random.nextInt(40) == 0 ? from.plusDays(200 + random.nextInt(300)) : null; // leavers
                memberships.add(new Membership(unit.validTo() != null ? unit.mergedInto() : unit.code(),
                        unit.validTo() != null ? unit.validTo().plusDays(1) : from, to));
            }
            String currentUnit = memberships.get(memberships.size() - 1).unitCode();
            people.add(new Person(upn, first + " " + last, uuid("person:" + upn), upn, department(currentUnit),
                    List.copyOf(memberships)));
            Membership last0 = memberships.get(memberships.size() - 1);
            devices.add(new Device(String.format("PC%08d", i + 1), String.format("STH-PC-%06d", i + 1),
                    "STAFF_COMPUTER", upn, List.of(new Membership(last0.unitCode(), last0.validFrom(), last0.validTo()))));
        }
        String[] schools = {"FN-UTB-GR-1", "FN-UTB-GR-2", "FN-UTB-GY-1"};
        for (int i = 0; i < size.pupilDevices; i++) {
            String school = schools[random.nextInt(schools.length)];
            LocalDate from = CITY_START.plusDays(random.nextInt(1500));
            devices.add(new Device(String.format("EL%08d", i + 1), String.format("ELEV-%06d", i + 1), "PUPIL_DEVICE",
                    null, List.of(new Membership(school, from, null))));
        }
        for (int i = 0; i < size.sharedDevices; i++) {
            Unit u = workplaces.get(random.nextInt(workplaces.size()));
            String code = u.validTo() != null ? u.mergedInto() : u.code();
            LocalDate from = (u.validTo() != null ? u.validTo().plusDays(1) : u.validFrom()).plusDays(random.nextInt(100));
            devices.add(new Device(String.format("SH%08d", i + 1), String.format("DELAD-%05d", i + 1), "SHARED_DEVICE",
                    null, List.of(new Membership(code, from, null))));
        }
    }

    private String department(String unitCode) {
        return units.stream().filter(u -> u.code().equals(unitCode)).findFirst().map(Unit::name).orElse(unitCode);
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private static String ascii(String s) {
        return s.replace("å", "a").replace("ä", "a").replace("ö", "o").replace("Å", "A").replace("Ä", "A")
                .replace("Ö", "O");
    }

    // ------------------------------------------------------------------ CSV, in the import formats (docs/imports.md)

    public void writeUnitsCsv(Writer w) throws IOException {
        w.write("code;name;kind;parent_code;cost_centre;org_number;valid_from;valid_to\n");
        for (Unit u : units) {
            w.write(String.join(";", u.code(), u.name(), u.kind(), nz(u.parentCode()), nz(u.costCentre()),
                    nz(u.orgNumber()), u.validFrom().toString(), u.validTo() == null ? "" : u.validTo().toString()));
            w.write('\n');
        }
    }

    public void writePeopleCsv(Writer w) throws IOException {
        w.write("upn;display_name;object_id;email;unit_code;valid_from;valid_to\n");
        for (Person p : people) {
            for (Membership m : p.memberships()) {
                w.write(String.join(";", p.upn(), p.displayName(), p.objectId(), p.email(), m.unitCode(),
                        m.validFrom().toString(), m.validTo() == null ? "" : m.validTo().toString()));
                w.write('\n');
            }
        }
    }

    public void writeDevicesCsv(Writer w) throws IOException {
        w.write("serial_number;name;kind;primary_user_upn;unit_code;valid_from;valid_to\n");
        for (Device d : devices) {
            for (Membership m : d.memberships()) {
                w.write(String.join(";", d.serialNumber(), d.name(), d.kind(), nz(d.primaryUserUpn()), m.unitCode(),
                        m.validFrom().toString(), m.validTo() == null ? "" : m.validTo().toString()));
                w.write('\n');
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
