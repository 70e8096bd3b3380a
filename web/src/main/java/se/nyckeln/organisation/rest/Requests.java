package se.nyckeln.organisation.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import se.nyckeln.organisation.application.MemberCommands;
import se.nyckeln.organisation.application.UnitCommands;

import java.time.LocalDate;
import java.util.List;

/** The JSON bodies the organisation API accepts; Bean Validation answers malformed ones with 400. */
public final class Requests {

    private Requests() {
    }

    public record UnitCreateRequest(@NotBlank @Size(max = 50) @Pattern(regexp = "[A-Za-z0-9_.-]+") String code,
                                    @NotBlank @Size(max = 200) String name,
                                    @NotBlank String kind,
                                    Long parentId,
                                    @Size(max = 50) String costCentre,
                                    @Size(max = 20) String orgNumber,
                                    @NotNull LocalDate validFrom) {
        UnitCommands.NewUnit command(LocalDate from) {
            return new UnitCommands.NewUnit(code.trim(), name.trim(), kind, parentId, costCentre, orgNumber, from);
        }
    }

    public record UnitChangeRequest(@NotNull LocalDate from, @NotBlank @Size(max = 200) String name, Long parentId,
                                    @Size(max = 50) String costCentre) {
        UnitCommands.Change command() {
            return new UnitCommands.Change(from, name.trim(), parentId, costCentre);
        }
    }

    public record UnitCloseRequest(@NotNull LocalDate lastDay) {
    }

    /** {@code into.validFrom} is ignored: the new unit begins on {@code from}. */
    public record UnitMergeRequest(@NotNull @Size(min = 2, max = 50) List<@NotNull Long> unitIds,
                                   @NotNull LocalDate from,
                                   @NotNull @Valid UnitCreateRequest into) {
        UnitCommands.Merge command() {
            return new UnitCommands.Merge(unitIds, from, into.command(from));
        }
    }

    public record PersonCreateRequest(@NotBlank @Size(max = 320) String upn,
                                      @NotBlank @Size(max = 200) String displayName,
                                      @Size(max = 100) String objectId,
                                      @Email @Size(max = 320) String email,
                                      @NotNull Long unitId,
                                      @NotNull LocalDate validFrom) {
        MemberCommands.NewPerson command() {
            return new MemberCommands.NewPerson(upn.trim(), displayName.trim(), objectId, email, unitId, validFrom);
        }
    }

    public record DeviceCreateRequest(@NotBlank @Size(max = 100) String serialNumber,
                                      @NotBlank @Size(max = 200) String name,
                                      @NotBlank String kind,
                                      @Size(max = 320) String primaryUserUpn,
                                      @NotNull Long unitId,
                                      @NotNull LocalDate validFrom) {
        MemberCommands.NewDevice command() {
            return new MemberCommands.NewDevice(serialNumber.trim(), name.trim(), kind, primaryUserUpn, unitId,
                    validFrom);
        }
    }

    public record MoveRequest(@NotNull Long unitId, @NotNull LocalDate from) {
        MemberCommands.Move command() {
            return new MemberCommands.Move(unitId, from);
        }
    }

    public record EndRequest(@NotNull LocalDate lastDay) {
        MemberCommands.End command() {
            return new MemberCommands.End(lastDay);
        }
    }

    public record DepartmentMappingRequest(@NotBlank @Size(max = 200) String department, @NotNull Long unitId) {
    }
}
