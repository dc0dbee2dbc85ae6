"""Pelican's process_translations, with the translations found by a set lookup.

Pelican groups the articles by their translation id, takes each group's originals
into the index and gives each article its group's other members; then it takes as
translations every article not `in` the index: a scan of all the originals for
each article. Here that last step asks a set of the
originals' identities (articles are equal only to themselves). The rest is
Pelican 4.12's code, warnings and errors alike.
"""

from itertools import groupby
from operator import attrgetter

from pelican.utils import get_original_items


def process_translations(content_list, translation_id=None):
    """pelican.utils.process_translations: (originals, translations)."""
    if not translation_id:
        return content_list, []

    if isinstance(translation_id, str):
        translation_id = {translation_id}

    index = []

    try:
        content_list.sort(key=attrgetter(*translation_id))
    except TypeError:
        raise TypeError(
            f"Cannot unpack {translation_id}, 'translation_id' must be falsy, a"
            " string or a collection of strings"
        ) from None
    except AttributeError:
        raise AttributeError(
            f"Cannot use {translation_id} as 'translation_id', there "
            "appear to be items without these metadata "
            "attributes"
        ) from None

    for id_vals, items in groupby(content_list, attrgetter(*translation_id)):
        # prepare warning string
        id_vals = (id_vals,) if len(translation_id) == 1 else id_vals
        with_str = "with" + ", ".join([' {} "{{}}"'] * len(translation_id)).format(
            *translation_id
        ).format(*id_vals)

        items = list(items)
        original_items = get_original_items(items, with_str)
        index.extend(original_items)
        for a in items:
            a.translations = [x for x in items if x != a]

    originals = set(map(id, index))
    translations = [x for x in content_list if id(x) not in originals]

    return index, translations
