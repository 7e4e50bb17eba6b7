# SPDX-License-Identifier: GPL-2.0
# Sourced by the host tests that run mefwd on a private bus.
#
# private_bus DIR: start a dbus-daemon configured like Debian's system bus
# (deny by default) plus daemon/dbus/org.mefw1.conf, listening on DIR/bus;
# returns when it accepts connections.  Sets BUS_PID and exports
# DBUS_SYSTEM_BUS_ADDRESS.  Needs $top (the source tree).
private_bus() {
	cat > "$1/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$1/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
    <deny send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"
          send_member="UpdateActivationEnvironment"/>
  </policy>
  <include>$top/daemon/dbus/org.mefw1.conf</include>
</busconfig>
CONF
	BUS_PID=$(dbus-daemon --config-file="$1/bus.conf" --fork --print-pid) ||
		return 1
	export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$1/bus"
}
