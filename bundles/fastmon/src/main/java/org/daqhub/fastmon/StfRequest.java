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
        if (fileUrl.length() > 1024) {
            throw new FieldException("file_url", "longer than 1024 characters");
        }
        if (sizeBytes != null && sizeBytes < 0) {
            throw new FieldException("file_size_bytes", "must be >= 0, got " + sizeBytes);
        }
        if (checksum != null && checksum.length() > 64) {
            throw new FieldException("checksum", "longer than 64 characters");
        }
        if (tfFiles != null && (tfFiles < 1 || tfFiles > 10_000)) {
            throw new FieldException("tf_files_per_stf", "must be 1..10000, got " + tfFiles);
        }
        if (tfSizeFraction != null && !(tfSizeFraction >= 0 && tfSizeFraction <= 1)) {
            throw new FieldException("tf_size_fraction", "must be between 0 and 1, got " + tfSizeFraction);
        }
        return this;
    }
}
