package org.daqhub.fastmon.model;

import java.sql.Timestamp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A TF sample: a contiguous block tf_first..tf_last of the time frames of one STF. */
@Entity
@Table(name = "tf_files")
public class TfFile {
    @Id
    @Column(name = "tf_file_id", length = 36)
    private String id;
    @Column(name = "stf_file_id", nullable = false, length = 36)
    private String stfFileId;
    @Column(name = "run_id", nullable = false)
    private long runId;
    @Column(name = "tf_filename", nullable = false, length = 1024)
    private String filename;
    @Column(name = "file_size_bytes", nullable = false)
    private long sizeBytes;
    @Column(name = "tf_first", nullable = false)
    private int tfFirst;
    @Column(name = "tf_last", nullable = false)
    private int tfLast;
    @Column(name = "tf_count", nullable = false)
    private int tfCount;
    @Column(name = "status", nullable = false)
    private String status = FileStatus.REGISTERED.wire();
    @Column(name = "creation_time", nullable = false)
    private Timestamp creationTime;

    public TfFile() {
    }

    public TfFile(String id, StfFile stf, String filename, long sizeBytes, int tfFirst, int tfLast, Timestamp created) {
        this.id = id;
        this.stfFileId = stf.getId();
        this.runId = stf.getRun().getId();
        this.filename = filename;
        this.sizeBytes = sizeBytes;
        this.tfFirst = tfFirst;
        this.tfLast = tfLast;
        this.tfCount = tfLast - tfFirst + 1;
        this.creationTime = created;
    }

    public String getId() {
        return id;
    }

    public String getStfFileId() {
        return stfFileId;
    }

    public long getRunId() {
        return runId;
    }

    public String getFilename() {
        return filename;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public int getTfFirst() {
        return tfFirst;
    }

    public int getTfLast() {
        return tfLast;
    }

    public int getTfCount() {
        return tfCount;
    }

    public FileStatus getStatus() {
        return FileStatus.parse(status);
    }

    public void moveTo(FileStatus next) {
        status = getStatus().moveTo(next).wire();
    }

    public Timestamp getCreationTime() {
        return creationTime;
    }
}
