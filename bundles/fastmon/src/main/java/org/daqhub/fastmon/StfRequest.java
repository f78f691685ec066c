package org.daqhub.fastmon;

import java.sql.Timestamp;

/**
 * An STF file to register, from the directory watcher, the TF generator, an stf_ready message or the REST API.
 *
 * @param metadata      JSON object text, or null for {}
 * @param tfFiles       TF samples to make, or null for the configured number
 * @param tfSizeFraction TF sample size as a fraction of the STF, or null for the configured one
 */
public record StfRequest(long runNumber, String fileUrl, Long sizeBytes, String checksum, String machineState,
        String stfIdentifier, String metadata, Timestamp creationTime, Integer tfFiles, Double tfSizeFraction) {

    // The longest text of each field: the length of the column it is stored in (db/fastmon/V1__fastmon.sql).
    // Checked before anything reaches the database, so that a value no column takes is a FieldException naming
    // the field, never a database error.
    /** stf_files.file_url VARCHAR(1024) */
    public static final int FILE_URL_LENGTH = 1024;
    /**
     * stf_files.stf_identifier VARCHAR(255). The file name of file_url stands in for an absent identifier and names
     * the TF samples (tf_files.tf_filename VARCHAR(1024)), so it is held to this length too, as Linux holds file names.
     */
    public static final int STF_IDENTIFIER_LENGTH = 255;
    /** stf_files.checksum VARCHAR(64) */
    public static final int CHECKSUM_LENGTH = 64;
    /** stf_files.machine_state VARCHAR(64) */
    public static final int MACHINE_STATE_LENGTH = 64;
    /** stf_files.file_id, tf_files.tf_file_id, tf_files.stf_file_id VARCHAR(36): a UUID */
    public static final int FILE_ID_LENGTH = 36;

    public StfRequest(long runNumber, String fileUrl, Long sizeBytes, String checksum, String machineState,
            String stfIdentifier, String metadata, Timestamp creationTime) {
        this(runNumber, fileUrl, sizeBytes, checksum, machineState, stfIdentifier, metadata, creationTime, null, null);
    }

    /** Checks the fields a registration needs; {@link FieldException} names the first bad one. */
    public StfRequest validated() {
        if (runNumber < 0) {
            throw new FieldException("run_number", "must be >= 0, got " + runNumber);
        }
        if (fileUrl == null || fileUrl.isBlank()) {
            throw new FieldException("file_url", "is required");
        }
        FieldException.checkText("file_url", fileUrl, FILE_URL_LENGTH);
        if (baseName(fileUrl).length() > STF_IDENTIFIER_LENGTH) {
            throw new FieldException("file_url", "its file name is longer than " + STF_IDENTIFIER_LENGTH + " characters");
        }
        if (sizeBytes != null && sizeBytes < 0) {
            throw new FieldException("file_size_bytes", "must be >= 0, got " + sizeBytes);
        }
        FieldException.checkText("checksum", checksum, CHECKSUM_LENGTH);
        FieldException.checkText("machine_state", machineState, MACHINE_STATE_LENGTH);
        FieldException.checkText("stf_identifier", stfIdentifier, STF_IDENTIFIER_LENGTH);
        FieldException.checkTime("creation_time", creationTime);
        if (tfFiles != null && (tfFiles < 1 || tfFiles > 10_000)) {
            throw new FieldException("tf_files_per_stf", "must be 1..10000, got " + tfFiles);
        }
        if (tfSizeFraction != null && !(tfSizeFraction >= 0 && tfSizeFraction <= 1)) {
            throw new FieldException("tf_size_fraction", "must be between 0 and 1, got " + tfSizeFraction);
        }
        return this;
    }

    /** The file name of a file URL (after its last '/'): an STF's identifier when it has none, its TFs' stem. */
    static String baseName(String url) {
        int slash = url.lastIndexOf('/');
        return slash >= 0 ? url.substring(slash + 1) : url;
    }
}
