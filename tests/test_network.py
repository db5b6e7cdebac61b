"""The co-mention network's radial layout: a pure function, the same picture for the same input."""

from archive.network import Network, NetworkNode, radial_layout, short_label
from archive.services.research import EntityRef

ANN = EntityRef("person", "ann-silva", "Ann Silva", 4)
LONG = EntityRef("organization", "long", "Metropolitan Transport Authority of the Region", 2)
COVE = EntityRef("place", "cove", "Cove", 1)
EXPO = EntityRef("event", "expo", "Expo", 2)


def test_no_neighbours_no_network():
    assert radial_layout("Port Authority", "org", []) is None


def test_neighbours_go_around_the_centre_from_the_top_clockwise():
    network = radial_layout("Port Authority", "org", [ANN, LONG, COVE, EXPO])
    assert network == Network(
        name="Port Authority",
        label="Port Authority",
        modifier="org",
        nodes=(
            NetworkNode(ANN, 360.0, 60.0, 360.0, 45.0, "middle", "Ann Silva", 7.0),
            NetworkNode(LONG, 520.0, 220.0, 535.0, 224.0, "start", "Metropolitan Transport…", 4.0),
            NetworkNode(COVE, 360.0, 380.0, 360.0, 405.0, "middle", "Cove", 2.5),
            NetworkNode(EXPO, 200.0, 220.0, 185.0, 224.0, "end", "Expo", 4.0),
        ),
    )
    assert network.view_box == "0 0 720 440"
    assert network.centre_label_y == 252.0


def test_the_layout_is_the_same_every_time():
    neighbours = [EntityRef("person", f"p{n}", f"Person {n}", 12 - n) for n in range(12)]
    assert radial_layout("X", "person", neighbours) == radial_layout("X", "person", neighbours)


def test_every_node_stays_inside_the_picture():
    neighbours = [EntityRef("person", f"p{n}", "W" * 40, n + 1) for n in range(12)]
    network = radial_layout("X", "person", neighbours)
    for node in network.nodes:
        assert 0 < node.x < network.width
        assert 0 < node.label_y < network.height


def test_edges_widen_with_the_shared_articles():
    network = radial_layout("X", "org", [ANN, EXPO, COVE])
    assert [node.edge_width for node in network.nodes] == [7.0, 4.0, 2.5]


def test_short_label():
    assert short_label("Cove") == "Cove"
    assert short_label("A" * 30, limit=10) == "AAAAAAAAA…"
    assert short_label("Word word word", limit=11) == "Word word…"
