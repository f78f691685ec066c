/** daqhub job-monitoring SDK: jobs and subjobs report started, progress and finished events to daqhub. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.daqhub.sdk;
