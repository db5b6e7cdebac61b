"""The co-mention network of an entity, laid out for a server-rendered SVG (no JavaScript).

A radial layout: the entity in the centre, the entities named most often with it
(`research.co_mentioned`) evenly around it, the most named first at the top and then
clockwise. An edge's width grows with the number of shared articles. The layout is a pure
function of its input, so the same entities always draw the same picture; the template
(archive/includes/network.html) draws it, escaping every name, each node a link to its page,
and the page keeps the ranked list beside it for anyone who cannot see the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from archive.services.research import EntityRef

# Drawing area, in viewBox units (the SVG scales to its container's width).
WIDTH = 720
HEIGHT = 440
#: Distance of the neighbours from the centre.
RADIUS = 160
CENTRE_RADIUS = 16
NODE_RADIUS = 9
MIN_EDGE_WIDTH = 1.0
MAX_EDGE_WIDTH = 7.0
#: Space between a node and its label.
LABEL_GAP = 6
#: Labels are cut to this many characters (the full name is in the node's title).
LABEL_CHARS = 24


@dataclass(frozen=True)
class NetworkNode:
    entity: EntityRef
    x: float
    y: float
    #: Where the label starts, and which way it runs ("start", "middle", "end").
    label_x: float
    label_y: float
    anchor: str
    label: str
    edge_width: float


@dataclass(frozen=True)
class Network:
    name: str
    label: str
    modifier: str
    nodes: tuple[NetworkNode, ...]
    width: int = WIDTH
    height: int = HEIGHT
    centre_x: float = WIDTH / 2
    centre_y: float = HEIGHT / 2
    centre_radius: int = CENTRE_RADIUS
    node_radius: int = NODE_RADIUS

    @property
    def centre_label_y(self) -> float:
        return self.centre_y + self.centre_radius + LABEL_GAP + 10

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def radial_layout(name: str, modifier: str, neighbours: Sequence[EntityRef]) -> Network | None:
    """The network of the entity called `name` and its `neighbours` (most named first); None
    when it has none."""
    if not neighbours:
        return None
    centre_x, centre_y = WIDTH / 2, HEIGHT / 2
    top = max(neighbour.count for neighbour in neighbours) or 1
    nodes = []
    for index, neighbour in enumerate(neighbours):
        # From the top (-90 degrees), clockwise.
        angle = -math.pi / 2 + 2 * math.pi * index / len(neighbours)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = centre_x + RADIUS * cos, centre_y + RADIUS * sin
        reach = RADIUS + NODE_RADIUS + LABEL_GAP
        if abs(cos) < 0.2:  # straight above or below: the label is centred on the node
            anchor = "middle"
            label_x = x
            # Below the node a line's height further down, since text hangs from its baseline.
            label_y = y + NODE_RADIUS + LABEL_GAP + 10 if sin > 0 else y - NODE_RADIUS - LABEL_GAP
        else:
            anchor = "start" if cos > 0 else "end"
            label_x = centre_x + reach * cos
            label_y = centre_y + reach * sin + 4  # about half a line down: centred on the node
        width = MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * neighbour.count / top
        nodes.append(
            NetworkNode(
                entity=neighbour,
                x=round(x, 1),
                y=round(y, 1),
                label_x=round(label_x, 1),
                label_y=round(label_y, 1),
                anchor=anchor,
                label=short_label(neighbour.name),
                edge_width=round(width, 1),
            )
        )
    return Network(name=name, label=short_label(name), modifier=modifier, nodes=tuple(nodes))
