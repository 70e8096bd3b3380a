-- The Mölndal cost type → model table (seed 003, appendix "Finansieringsmodell detaljerad"; reference
-- organisation.md §5) as the default, editable by finance. The seed gives no split ratio between several models,
-- so every listed model gets an equal share (e.g. "3 och 4" = 50/50) until finance decides otherwise.
-- "Säkerhet serverhall och nätverk" has no model number in the seed: seeded as model 2 like "Drift serverhall"
-- (to be verified by finance). Default key weights are placeholders (the seeds give no rates): Guld 8, Silver 4,
-- Brons 2, Koppar 1, a pupil 1-1 device weighs 0.5 of a staff computer.

INSERT INTO cb_cost_type (code, name, category) VALUES
    ('LON-STAB-IT',       'Lönekostnader', 'Stab IT'),
    ('LON-SYSTEMFORV',    'Lönekostnader', 'Systemförvaltning'),
    ('LON-DRIFT-SYSTEM',  'Lönekostnader', 'Drift system'),
    ('LON-DRIFT-INFRA',   'Lönekostnader', 'Drift infrastruktur och nätverk'),
    ('LON-DRIFT-PC',      'Lönekostnader', 'Drift PC och Applikationer'),
    ('LON-HELPDESK',      'Lönekostnader', 'Helpdesk'),
    ('LON-PROJEKT',       'Lönekostnader', 'Projektledning'),
    ('LON-INKOP-ADM',     'Lönekostnader', 'Inköp & Administration'),
    ('MJUK-PC',           'Mjukvara/Licenser', 'PC-plattform'),
    ('MJUK-INFRA',        'Mjukvara/Licenser', 'Infrastruktur'),
    ('MJUK-SERVER',       'Mjukvara/Licenser', 'Serversystem (IT)'),
    ('MJUK-CENTRALA-APP', 'Mjukvara/Licenser', 'Centralt administrerade applikationer (exkl. stadens standardklient)'),
    ('HW-PC',             'Hårdvara (Datorer klienter)', 'PC/Mac inköp eller leasing (inklusive 1-1)'),
    ('HW-TILLBEHOR',      'Hårdvara (Datorer klienter)', 'Tillbehör & förbrukningsmaterial'),
    ('SERVERHALL-HW',     'Drift serverhall', 'Hårdvara servrar'),
    ('NAT-INTERNET',      'Nätverk', 'Internetanslutning'),
    ('NAT-MAN',           'Nätverk', 'Stadsnätet (MAN)'),
    ('NAT-LAN',           'Nätverk', 'Lokala nätverk (LAN och WiFi exkl. fastighetsnät)'),
    ('PLATTFORM',         'Gemensamma plattformar', 'Metakatalog, E-post, Intranät, Portaler'),
    ('SAK-LOKAL',         'Säkerhet', 'Lokala brandväggar, backuplösningar och virusskydd'),
    ('SAK-SERVERHALL',    'Säkerhet', 'Säkerhet serverhall och nätverk'),
    ('LICENS-PLATSDAGAR', 'Mjukvara/Licenser', 'Licensfaktura per produkt (licensdagar)');

INSERT INTO cb_cost_type_model (cost_type_id, model, share)
SELECT t.id, m.model, 1 FROM cb_cost_type t JOIN (VALUES
    ('LON-STAB-IT', 'NOT_DISTRIBUTED'),
    ('LON-SYSTEMFORV', 'SYSTEM_TIER'), ('LON-SYSTEMFORV', 'USER'),
    ('LON-DRIFT-SYSTEM', 'SYSTEM_TIER'), ('LON-DRIFT-SYSTEM', 'USER'),
    ('LON-DRIFT-INFRA', 'SYSTEM_TIER'), ('LON-DRIFT-INFRA', 'COMPUTER'),
    ('LON-DRIFT-PC', 'COMPUTER'), ('LON-DRIFT-PC', 'USER'),
    ('LON-HELPDESK', 'COMPUTER'), ('LON-HELPDESK', 'USER'),
    ('LON-PROJEKT', 'NOT_DISTRIBUTED'), ('LON-PROJEKT', 'PROJECT'),
    ('LON-INKOP-ADM', 'COMPUTER'),
    ('MJUK-PC', 'COMPUTER'), ('MJUK-PC', 'USER'),
    ('MJUK-INFRA', 'SYSTEM_TIER'), ('MJUK-INFRA', 'COMPUTER'),
    ('MJUK-SERVER', 'SYSTEM_TIER'),
    ('MJUK-CENTRALA-APP', 'USER'),
    ('HW-PC', 'COMPUTER'),
    ('HW-TILLBEHOR', 'COMPUTER'),
    ('SERVERHALL-HW', 'SYSTEM_TIER'),
    ('NAT-INTERNET', 'CONNECTION'),
    ('NAT-MAN', 'CONNECTION'),
    ('NAT-LAN', 'CONNECTION'),
    ('PLATTFORM', 'USER'),
    ('SAK-LOKAL', 'SYSTEM_TIER'), ('SAK-LOKAL', 'COMPUTER'), ('SAK-LOKAL', 'USER'),
    ('SAK-SERVERHALL', 'SYSTEM_TIER'),
    ('LICENS-PLATSDAGAR', 'SEAT_DAYS')
) AS m (code, model) ON m.code = t.code;

INSERT INTO cb_key_version (valid_from, weight_guld, weight_silver, weight_brons, weight_koppar, pupil_device_weight,
                            decided_by, decided_on, decision_reference, created_by)
VALUES ('2000-01-01', 8, 4, 2, 1, 0.5, 'Kommunstyrelsen (standardvärden, att fastställa)', '2000-01-01',
        'Nyckeln standard', 'system');
