package org.daqhub.fastmon.model;

import java.sql.Timestamp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

import org.daqhub.fastmon.StfRequest;

/**
 * A super time frame file of a run. file_url is unique: the same file is never registered twice. The lengths are
 * those {@link StfRequest} checks a registration against.
 */
@Entity
@Table(name = "stf_files")
public class StfFile {
    @Id
    @Column(name = "file_id", length = 36)
    private String id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "run_id")
    private Run run;
    @Column(name = "machine_state", nullable = false, length = StfRequest.MACHINE_STATE_LENGTH)
    private String machineState = "physics";
    @Column(name = "file_url", nullable = false, unique = true, length = StfRequest.FILE_URL_LENGTH)
    private String fileUrl;
    @Column(name = "file_size_bytes")
    private Long sizeBytes;
    @Column(name = "checksum", length = StfRequest.CHECKSUM_LENGTH)
    private String checksum;
    @Column(name = "creation_time", nullable = false)
    private Timestamp creationTime;
    @Column(name = "status", nullable = false)
    private String status = FileStatus.REGISTERED.wire();
    @Column(name = "metadata", nullable = false)
    private String metadata = "{}";
    @Column(name = "stf_identifier", length = StfRequest.STF_IDENTIFIER_LENGTH)
    private String stfIdentifier;

    public StfFile() {
    }

    public StfFile(String id, Run run, String fileUrl) {
        this.id = id;
        this.run = run;
        this.fileUrl = fileUrl;
    }

    public String getId() {
        return id;
    }

    public Run getRun() {
        return run;
    }

    public String getMachineState() {
        return machineState;
    }

    public void setMachineState(String machineState) {
        this.machineState = machineState;
    }

    public String getFileUrl() {
        return fileUrl;
    }

    public Long getSizeBytes() {
        return sizeBytes;
    }

    public void setSizeBytes(Long sizeBytes) {
        this.sizeBytes = sizeBytes;
    }

    public String getChecksum() {
        return checksum;
    }

    public void setChecksum(String checksum) {
        this.checksum = checksum;
    }

    public Timestamp getCreationTime() {
        return creationTime;
    }

    public void setCreationTime(Timestamp creationTime) {
        this.creationTime = creationTime;
    }

    public FileStatus getStatus() {
        return FileStatus.parse(status);
    }

    /** Changes the status if the lifecycle allows it; {@link IllegalTransitionException} otherwise. */
    public void moveTo(FileStatus next) {
        status = getStatus().moveTo(next).wire();
    }

    public String getMetadata() {
        return metadata;
    }

    public void setMetadata(String metadata) {
        this.metadata = metadata;
    }

    public String getStfIdentifier() {
        return stfIdentifier;
    }

    public void setStfIdentifier(String stfIdentifier) {
        this.stfIdentifier = stfIdentifier;
    }
}
