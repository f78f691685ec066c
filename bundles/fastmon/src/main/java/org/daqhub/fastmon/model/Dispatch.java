package org.daqhub.fastmon.model;

import java.sql.Timestamp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** One message sent (or attempted) to the broker, with its outcome. */
@Entity
@Table(name = "message_queue_dispatches")
public class Dispatch {
    @Id
    @Column(name = "dispatch_id", length = 36)
    private String id;
    @Column(name = "stf_file_id", nullable = false, length = 36)
    private String stfFileId;
    @Column(name = "tf_file_id", length = 36)
    private String tfFileId;
    @Column(name = "subscriber_id")
    private Long subscriberId;
    @Column(name = "destination", nullable = false)
    private String destination;
    @Column(name = "dispatch_time", nullable = false)
    private Timestamp time;
    @Column(name = "message_content", nullable = false)
    private String content;
    @Column(name = "is_successful")
    private Boolean successful;
    @Column(name = "error_message")
    private String error;

    public Dispatch() {
    }

    public Dispatch(String id, String stfFileId, String tfFileId, Long subscriberId, String destination,
            Timestamp time, String content, boolean successful, String error) {
        this.id = id;
        this.stfFileId = stfFileId;
        this.tfFileId = tfFileId;
        this.subscriberId = subscriberId;
        this.destination = destination;
        this.time = time;
        this.content = content;
        this.successful = successful;
        this.error = error;
    }

    public String getId() {
        return id;
    }

    public String getStfFileId() {
        return stfFileId;
    }

    public String getTfFileId() {
        return tfFileId;
    }

    public Long getSubscriberId() {
        return subscriberId;
    }

    public String getDestination() {
        return destination;
    }

    public Timestamp getTime() {
        return time;
    }

    public String getContent() {
        return content;
    }

    public Boolean getSuccessful() {
        return successful;
    }

    public String getError() {
        return error;
    }
}
