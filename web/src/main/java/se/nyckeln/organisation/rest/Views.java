package se.nyckeln.organisation.rest;

import se.nyckeln.organisation.application.DepartmentMapping;
import se.nyckeln.organisation.application.DeviceEntry;
import se.nyckeln.organisation.application.ImportReport;
import se.nyckeln.organisation.application.Page;
import se.nyckeln.organisation.application.PersonEntry;
import se.nyckeln.organisation.application.UnitNode;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/** The JSON shapes the organisation API answers with. */
public final class Views {

    private Views() {
    }

    public record UnitView(long id, String code, String name, String kind, Long parentId, String costCentre,
                           String orgNumber, LocalDate validFrom, LocalDate validTo, long legalEntityId,
                           String legalEntityName, long people, long devices) {
        public static UnitView of(UnitNode n) {
            return new UnitView(n.id(), n.code(), n.name(), n.kind(), n.parentId(), n.costCentre(), n.orgNumber(),
                    n.validFrom(), n.validTo(), n.legalEntityId(), n.legalEntityName(), n.people(), n.devices());
        }
    }

    public record PersonView(long id, String upn, String objectId, String displayName, String email, Long unitId,
                             String unitCode, LocalDate validFrom, LocalDate validTo) {
        public static PersonView of(PersonEntry p) {
            return new PersonView(p.id(), p.upn(), p.objectId(), p.displayName(), p.email(), p.unitId(),
                    p.unitCode(), p.validFrom(), p.validTo());
        }
    }

    public record DeviceView(long id, String serialNumber, String name, String kind, String primaryUserUpn,
                             Long unitId, String unitCode, LocalDate validFrom, LocalDate validTo) {
        public static DeviceView of(DeviceEntry d) {
            return new DeviceView(d.id(), d.serialNumber(), d.name(), d.kind(), d.primaryUserUpn(), d.unitId(),
                    d.unitCode(), d.validFrom(), d.validTo());
        }
    }

    public record PageView<T>(List<T> items, long total, int offset, int limit) {
        public static <S, T> PageView<T> of(Page<S> page, Function<S, T> map) {
            return new PageView<>(page.items().stream().map(map).toList(), page.total(), page.offset(), page.limit());
        }
    }

    public record DepartmentMappingView(String department, long unitId, String unitCode) {
        public static DepartmentMappingView of(DepartmentMapping m) {
            return new DepartmentMappingView(m.department(), m.unitId(), m.unitCode());
        }
    }

    public record ImportReportView(String kind, String fileName, int rows, int created, int updated, int closed,
                                   int unchanged) {
        public static ImportReportView of(ImportReport r) {
            return new ImportReportView(r.kind().name(), r.fileName(), r.rows(), r.created(), r.updated(),
                    r.closed(), r.unchanged());
        }
    }
}
