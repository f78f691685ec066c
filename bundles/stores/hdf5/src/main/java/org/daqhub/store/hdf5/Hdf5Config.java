package org.daqhub.store.hdf5;

import org.daqhub.api.store.StoreRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub HDF5 store", description = "Writes each batch of a topic as one HDF5 file, one dataset per column")
interface Hdf5Config extends StoreRunnerConfig {
    @AttributeDefinition(defaultValue = "hdf5", name = "out.dir", description = "Output directory; a relative path is below the distribution's data/ directory")
    String out_dir();

    @AttributeDefinition(defaultValue = "{topic}.h5", name = "file.name", description = "File name; {topic} becomes the topic; -<first seq> is inserted before the extension")
    String file_name();

    // two low lines: the metatype id is add_date (ENRGDAQ's spelling, as the README lists it), not add.date
    @AttributeDefinition(defaultValue = "false", name = "add_date", description = "Prefix the file name with YYYY-MM-DD_")
    boolean add__date();

    @AttributeDefinition(defaultValue = "", description = "Appended as _tag before the extension")
    String tag();
}
