/** daqhub API: notify. Plugins compile against this package only. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.daqhub.api.notify;
