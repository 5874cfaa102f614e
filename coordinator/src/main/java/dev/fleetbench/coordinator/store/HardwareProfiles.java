package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.hardware.HardwareClass;
import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.protocol.RegisterRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code hardware_profiles} table (V3): every hardware profile by its hash with the class it got when it was first
 * stored, so that a sample keeps its class when its worker later registers with other hardware (metrics.md "Hardware
 * class"). A row is written once and never changed: a hash already stored keeps its class, even when the classifier
 * has changed since. The power part of a class comes from each sample ({@link #CLASS_KEY}).
 */
final class HardwareProfiles {

    /** Where a row came from: a worker's registration, an imported campaign, or the migration of an older store. */
    static final String REGISTRATION = "registration";
    static final String IMPORT = "import";
    /** A sample's profile that no registration held any more: classed as its worker's registration at migration. */
    static final String WORKER_AT_MIGRATION = "worker-at-migration";

    /** The Java step of migration V3 (by its description). */
    static final Map<String, Migrations.Step> STEPS = Map.of("hardware profiles", HardwareProfiles::backfill);

    /** The join that gives a sample row {@code s} its profile row {@code hp}. */
    static final String JOIN = " LEFT JOIN hardware_profiles hp ON hp.profile_hash = s.hardware_profile_hash";
    /** The sample's power part, as {@link HardwareClassifier#powerPart} makes it for a machine with a battery. */
    private static final String POWER =
            "(CASE s.power_source WHEN 'ac' THEN 'ac' WHEN 'battery' THEN 'battery' ELSE 'unknown' END)";
    /** The class key of a sample (with {@link #JOIN}): its profile's key, plus its power source on a battery machine. */
    static final String CLASS_KEY = "coalesce(CASE WHEN hp.has_battery THEN hp.class_key || '/' || " + POWER
            + " ELSE hp.class_key END, 'unknown')";
    /** The class label of a sample, in {@link HardwareClass#label()}'s form. */
    static final String CLASS_LABEL = "coalesce(CASE WHEN hp.has_battery THEN hp.class_label || ' · ' || " + POWER
            + " ELSE hp.class_label END, 'unknown')";

    private HardwareProfiles() {
    }

    /**
     * Stores the profiles whose hash is not stored yet, classed now. {@code profiles} maps hash to profile: the hash
     * as the sample fingerprints carry it.
     */
    static void record(Connection c, Map<String, HardwareProfile> profiles, String source, Instant at)
            throws SQLException {
        Map<String, HardwareProfile> missing = new LinkedHashMap<>(profiles);
        missing.keySet().removeAll(stored(c, profiles.keySet()));
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO hardware_profiles (profile_hash, class_key,"
                + " class_label, has_battery, ram_gb, ram_bytes, accelerator, source, profile_json, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, HardwareProfile> e : missing.entrySet()) {
                insert(p, e.getKey(), e.getValue(), source, source.equals(WORKER_AT_MIGRATION) ? null
                        : Json.write(e.getValue()), at);
            }
        }
    }

    /** The profiles of some registrations by their hash (registrations without hardware are skipped). */
    static Map<String, HardwareProfile> of(List<RegisterRequest> registrations) {
        Map<String, HardwareProfile> out = new LinkedHashMap<>();
        for (RegisterRequest r : registrations) {
            if (r.hardware() != null) {
                out.putIfAbsent(r.hardware().profileHash(), r.hardware());
            }
        }
        return out;
    }

    private static void insert(PreparedStatement p, String hash, HardwareProfile profile, String source, String json,
                               Instant at) throws SQLException {
        HardwareClass hc = HardwareClassifier.classify(profile);
        p.setString(1, hash);
        p.setString(2, hc.machineKey());
        p.setString(3, hc.machineLabel());
        p.setBoolean(4, hc.hasBattery());
        p.setInt(5, hc.ramGb());
        p.setLong(6, profile.memory().totalBytes());
        p.setString(7, hc.accelerator());
        p.setString(8, source);
        Jdbc.setString(p, 9, json);
        Jdbc.setInstant(p, 10, at);
        p.executeUpdate();
    }

    private static Set<String> stored(Connection c, Set<String> hashes) throws SQLException {
        Set<String> out = new HashSet<>();
        for (List<String> chunk : Jdbc.chunks(hashes, 500)) {
            out.addAll(Reads.list(c, "SELECT profile_hash FROM hardware_profiles WHERE profile_hash IN ("
                    + Jdbc.marks(chunk.size()) + ")", chunk, r -> r.getString(1)));
        }
        return out;
    }

    /**
     * Migration V3's step: the profiles of the stored registrations under the hash the workers table holds; then
     * every profile hash of a sample that no registration holds any more (its worker registered again with other
     * hardware before this store kept profiles) gets the class of its worker's registration, which is the class such
     * samples were shown with until now, so an upgraded store reads the same classes as before.
     */
    static void backfill(Connection c, Instant now) throws SQLException {
        Map<String, HardwareProfile> byHash = new LinkedHashMap<>();
        Map<String, HardwareProfile> byWorker = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT worker_id, hardware_profile_hash, registration_json FROM workers"
                     + " ORDER BY worker_id")) {
            while (r.next()) {
                HardwareProfile hw = Json.read(r.getString(3), RegisterRequest.class).hardware();
                if (hw != null) {
                    String hash = r.getString(2) != null ? r.getString(2) : hw.profileHash();
                    byHash.putIfAbsent(hash, hw);
                    byWorker.put(r.getString(1), hw);
                }
            }
        }
        record(c, byHash, REGISTRATION, now);
        Map<String, HardwareProfile> orphans = new LinkedHashMap<>();
        for (String[] row : Reads.list(c, "SELECT DISTINCT s.hardware_profile_hash, s.worker_id FROM samples s"
                + " WHERE s.hardware_profile_hash IS NOT NULL AND s.worker_id IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM hardware_profiles hp WHERE hp.profile_hash = s.hardware_profile_hash)"
                + " ORDER BY 1, 2", List.of(), r -> new String[] {r.getString(1), r.getString(2)})) {
            HardwareProfile hw = byWorker.get(row[1]);
            if (hw != null) {
                orphans.putIfAbsent(row[0], hw);
            }
        }
        record(c, orphans, WORKER_AT_MIGRATION, now);
    }

    /** The classes of the measured, counted samples of some campaigns, per worker and class. */
    static List<SampleClass> ofSamples(Connection c, List<String> campaignIds) throws SQLException {
        if (campaignIds.isEmpty()) {
            return List.of();
        }
        List<SampleClass> out = new ArrayList<>();
        for (List<String> chunk : Jdbc.chunks(campaignIds, 500)) {
            out.addAll(Reads.list(c, "SELECT s.worker_id, " + CLASS_KEY + " AS hardware_class, " + CLASS_LABEL
                    + " AS label, max(hp.ram_gb) AS ram_gb, min(hp.ram_bytes) AS ram_bytes, max(hp.accelerator) AS"
                    + " accelerator, count(*) AS samples FROM samples s" + JOIN + " WHERE s.kind = 'measured' AND NOT"
                    + " s.set_aside AND s.worker_id IS NOT NULL AND s.campaign_id IN (" + Jdbc.marks(chunk.size())
                    + ") GROUP BY 1, 2, 3 ORDER BY 1, 2", chunk, r -> new SampleClass(r.getString(1), r.getString(2),
                    r.getString(3), r.getInt(4), r.getLong(5), r.getString(6) == null ? "none" : r.getString(6),
                    r.getLong(7))));
        }
        return out;
    }
}
