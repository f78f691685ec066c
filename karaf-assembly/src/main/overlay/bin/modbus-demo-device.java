// bin/daqhub-demo modbus runs this with `java -cp <j2mod jar>:<jSerialComm jar> bin/modbus-demo-device.java` (Java's
// single-file source launcher: no build step). It plays a Modbus TCP device on 127.0.0.1:5020 with j2mod's own
// slave: a temperature in tenths of a degree (holding 0, int16), a pressure (input 0-1, float32) and a pump coil
// (coil 0), changing every 100 ms, so the Modbus driver has something to poll. A real PLC takes its place.
import java.net.InetAddress;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

public class ModbusDemoDevice {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5020;
        SimpleProcessImage image = new SimpleProcessImage(1);
        SimpleRegister temperature = new SimpleRegister(215);
        image.addRegister(temperature);
        SimpleInputRegister pressureHigh = new SimpleInputRegister(0);
        SimpleInputRegister pressureLow = new SimpleInputRegister(0);
        image.addInputRegister(pressureHigh);
        image.addInputRegister(pressureLow);
        SimpleDigitalOut pump = new SimpleDigitalOut(false);
        image.addDigitalOut(pump);
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, image);
        slave.open();
        System.out.println("Modbus demo device listening on 127.0.0.1:" + port + " (unit 1)");
        for (long n = 0; ; n++) {
            temperature.setValue((short) (215 + Math.round(30 * Math.sin(n / 40.0))) & 0xFFFF);
            int bits = Float.floatToIntBits((float) (1.013 + 0.05 * Math.cos(n / 25.0)));
            pressureHigh.setValue(bits >>> 16);
            pressureLow.setValue(bits & 0xFFFF);
            pump.set(n / 50 % 2 == 1);
            Thread.sleep(100);
        }
    }
}
