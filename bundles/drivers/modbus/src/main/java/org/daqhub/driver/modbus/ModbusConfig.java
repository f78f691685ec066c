package org.daqhub.driver.modbus;

import org.daqhub.api.driver.DriverRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub Modbus TCP driver",
        description = "Polls holding/input registers, coils and discrete inputs of a Modbus TCP device at a set rate; one row per poll")
interface ModbusConfig extends DriverRunnerConfig {
    @AttributeDefinition(defaultValue = "127.0.0.1", description = "Device (or gateway) host name or address")
    String host();

    @AttributeDefinition(defaultValue = "502", description = "Modbus TCP port")
    int port();

    @AttributeDefinition(name = "unit.id", defaultValue = "1", description = "Unit identifier (slave id) of the device, 0 to 255")
    int unit_id();

    @AttributeDefinition(required = false, description = "Comma-separated name:area:address:type[:scale[:offset]]; area holding, input, coil or discrete; "
            + "type int16, uint16, int32, uint32, float32 (32-bit types use two registers) or bool (coils and discrete inputs); "
            + "e.g. temperature:holding:0:int16:0.1,flow:input:10:float32,pump:coil:3:bool")
    String registers();

    @AttributeDefinition(name = "word.order", defaultValue = "big", description = "32-bit values: big = the first register holds the high word (the Modbus convention), little = the low word",
            options = {@Option(label = "big", value = "big"), @Option(label = "little", value = "little")})
    String word_order();

    @AttributeDefinition(defaultValue = "10", description = "Polls per second; 0 = as fast as the device answers")
    double rate();

    @AttributeDefinition(defaultValue = "1", description = "Polls per frame (one row each)")
    int rows();

    @AttributeDefinition(name = "timeout.ms", defaultValue = "3000", description = "How long to wait for the device to answer a request (ms)")
    int timeout_ms();

    @AttributeDefinition(defaultValue = "registers", description = "Stream name: frames go to topic data.<instance>.<stream>")
    String stream();
}
