"""Bad versions, profiles and timing parameters get one line naming what is allowed."""

import pytest

from tb.drivers.igb import igb_version
from tb.drivers.igbvf import igbvf_version
from tb.drivers.host import profile


@pytest.mark.parametrize("call,allowed", [
    (lambda: igb_version("igb-9"), "igb-3.2.10, igb-upstream"),
    (lambda: igbvf_version("igbvf-2"), "igbvf-1.1.5, igbvf-1.1.5-patch"),
    (lambda: profile("kvm"), "bare-metal, xen-dom0"),
    (lambda: profile("bare-metal", irq_latency=3), "pf_irq_latency_us"),
    (lambda: profile("bare-metal", handler_us={"SET_FOO": 3}), "SET_MULTICAST"),
    (lambda: profile("bare-metal", jitter=1.5), "below 1"),
    (lambda: profile("bare-metal", mmio_read_us=-1), ">= 0"),
])
def test_bad_option_names_what_is_allowed(call, allowed):
    with pytest.raises(ValueError) as err:
        call()
    message = str(err.value)
    assert allowed in message and "\n" not in message


def test_profile_changes_are_copies():
    base = profile("xen-dom0")
    changed = profile("xen-dom0", handler_us={"SET_MULTICAST": 10.0}, jitter=0.2)
    assert changed.handler_time_us(0x0003) == 10.0 and base.handler_time_us(0x0003) == 450.0
    assert changed.handler_time_us(0x0001) == base.handler_time_us(0x0001)
    assert changed.jitter == 0.2 and base.jitter == 0
