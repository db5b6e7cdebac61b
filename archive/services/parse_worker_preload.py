"""Imported by the importer's forkserver before it forks worker processes.

Loading spaCy and the extractor's data takes seconds; done once here, every worker forked
from the server starts with it loaded (and shares its memory) instead of loading it again.
"""

import gc

from archive.services.parse_worker import warm_up

warm_up()

# Keep the garbage collector away from everything loaded so far: the workers' collections then
# neither spend time on the model's millions of objects nor copy their memory pages.
gc.freeze()
