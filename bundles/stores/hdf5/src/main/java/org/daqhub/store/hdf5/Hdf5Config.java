package org.daqhub.store.hdf5;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "daqhub HDF5 store", description = "Writes each batch of a topic as one HDF5 file, one dataset per column")
@interface Hdf5Config {
    @AttributeDefinition(description = "Comma-separated topic patterns, e.g. data.detector1.*")
    String topics();

    @AttributeDefinition(name = "out.dir", description = "Output directory; a relative path is below the distribution's data/ directory")
    String out_dir() default "hdf5";

    @AttributeDefinition(name = "file.name", description = "File name; {topic} becomes the topic; -<first seq> is inserted before the extension")
    String file_name() default "{topic}.h5";

    // two low lines: the metatype id is add_date (ENRGDAQ's spelling, as the README lists it), not add.date
    @AttributeDefinition(name = "add_date", description = "Prefix the file name with YYYY-MM-DD_")
    boolean add__date() default false;

    @AttributeDefinition(description = "Appended as _tag before the extension")
    String tag() default "";
}
