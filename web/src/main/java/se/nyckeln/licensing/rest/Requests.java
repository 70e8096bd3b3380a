package se.nyckeln.licensing.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import se.nyckeln.licensing.application.LicensingCommands;

import java.time.LocalDate;
import java.util.List;

/** The JSON bodies the licensing API accepts; Bean Validation answers malformed ones with 400. */
public final class Requests {

    /** More seats than any city will buy in one go: keeps sums far from overflow. */
    static final long MAX_SEATS = 10_000_000;

    private Requests() {
    }

    public record ProductRequest(@NotBlank @Size(max = 200) String publisher,
                                 @NotBlank @Size(max = 200) String name,
                                 @Size(max = 200) String edition,
                                 @NotBlank @Size(max = 200) String sku,
                                 @NotBlank String metric,
                                 @NotBlank String term,
                                 @Size(max = 50) List<@NotBlank @Size(max = 200) String> aliases) {
        LicensingCommands.NewProduct command() {
            return new LicensingCommands.NewProduct(publisher, name, edition, sku, metric, term,
                    aliases == null ? List.of() : aliases);
        }
    }

    public record AliasRequest(@NotBlank @Size(max = 200) String alias) {
    }

    public record PoolRequest(@NotNull Long productId, @NotNull Long ownerUnitId, Boolean bolagMayDraw) {
        LicensingCommands.NewPool command() {
            return new LicensingCommands.NewPool(productId, ownerUnitId, Boolean.TRUE.equals(bolagMayDraw));
        }
    }

    public record EntitlementRequest(@NotNull Long productId,
                                     @NotNull Long ownerUnitId,
                                     @NotNull @Positive @Max(MAX_SEATS) Long quantity,
                                     @NotNull @PositiveOrZero Long unitPriceOre,
                                     @Size(max = 200) String purchaseReference,
                                     @NotNull LocalDate validFrom,
                                     LocalDate validTo,
                                     Boolean bolagMayDraw) {
        LicensingCommands.NewEntitlement command() {
            return new LicensingCommands.NewEntitlement(productId, ownerUnitId, quantity, unitPriceOre,
                    purchaseReference, validFrom, validTo, Boolean.TRUE.equals(bolagMayDraw));
        }
    }

    public record EntitlementChangeRequest(@NotNull @Positive @Max(MAX_SEATS) Long quantity, LocalDate validTo) {
        LicensingCommands.ChangeEntitlement command() {
            return new LicensingCommands.ChangeEntitlement(quantity, validTo);
        }
    }

    public record AllocationRequest(@NotNull Long unitId, @NotNull @Positive @Max(MAX_SEATS) Long quantity) {
        LicensingCommands.Allocate command() {
            return new LicensingCommands.Allocate(unitId, quantity);
        }
    }

    public record ReallocationRequest(@NotNull Long fromUnitId,
                                      @NotNull Long toUnitId,
                                      @NotNull @Positive @Max(MAX_SEATS) Long quantity,
                                      @NotNull LocalDate from,
                                      @NotBlank @Size(max = 500) String reason) {
        LicensingCommands.Reallocate command() {
            return new LicensingCommands.Reallocate(fromUnitId, toUnitId, quantity, from, reason);
        }
    }

    /** Exactly one of {@code personId} and {@code deviceId} (checked in the service, with a clear code). */
    public record AssignmentRequest(@NotNull Long unitId, Long personId, Long deviceId, LocalDate from) {
        LicensingCommands.Assign command(LocalDate today) {
            return new LicensingCommands.Assign(unitId, personId, deviceId, from == null ? today : from);
        }
    }

    public record EndAssignmentRequest(@NotNull LocalDate lastDay) {
        LicensingCommands.EndAssignment command() {
            return new LicensingCommands.EndAssignment(lastDay);
        }
    }
}
