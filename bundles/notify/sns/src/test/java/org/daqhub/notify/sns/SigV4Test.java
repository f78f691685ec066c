package org.daqhub.notify.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The signer against the examples AWS publishes (the SigV4 test suite and the IAM user guide). */
class SigV4Test {
    static final SigV4.Credentials EXAMPLE = new SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    static final ZonedDateTime AT = ZonedDateTime.parse("2015-08-30T12:36:00Z");

    @Test
    void theSigningKeyOfTheUserGuidesExample() {
        assertEquals("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d",
                SigV4.hex(SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam")));
    }

    @Test
    void theTestSuitesGetVanilla() {
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                SigV4.authorization(EXAMPLE, "us-east-1", "service", AT, "GET", "/", "",
                        Map.of("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"), new byte[0]));
    }

    @Test
    void theUserGuidesIamListUsers() {
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
                SigV4.authorization(EXAMPLE, "us-east-1", "iam", AT, "GET", "/", "Action=ListUsers&Version=2010-05-08",
                        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8", "Host", "iam.amazonaws.com",
                                "X-Amz-Date", "20150830T123600Z"), new byte[0]));
    }
}
