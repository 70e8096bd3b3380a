package se.nyckeln.organisation.application;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.problem.ImportError;

import java.io.InputStream;
import java.util.List;

/** PLACEHOLDER until the organisation context lands: rejects every file with one error. */
@Stateless
@RolesAllowed("LICENCE_ADMIN")
public class OrganisationImports {

    public ImportReport importFile(ImportKind kind, String fileName, InputStream data) {
        throw new BusinessException(422, "import-rejected", null,
                List.of(new ImportError(fileName, 1, null, null, "placeholder")));
    }
}
