"""The drivers' room: host timing (`host.Host`, profiles), the two plug points every driver
implements (`interfaces`), the Python models of igb (PF) and igbvf (VF), and the PF's lock
recovery. A driver only calls its host's read/write/udelay: it never touches a pin."""
