from collections.abc import Callable

def walk(
    root_mem_id: int,
    text_id: int,
    kinds: dict[int, tuple[str, int, int]],
    flag_cache: dict[tuple[str, str, str], int],
    name_flags: Callable[[str, str, str], int],
    attr_flags: Callable[[int, dict[str, str | None]], int],
    kind_of: Callable[[str], tuple[str, int, int]],
    static_attr_names: dict[int, str],
    dynamic_attr_names: dict[bytes, str],
    type_name: str,
) -> (
    tuple[
        list[str],
        list[int],
        list[int],
        list[str | None],
        list[tuple[str, int, int]],
        list[int],
        list[str] | None,
        dict[int, tuple[int, int]],
        list[int],
        list[int],
        int,
    ]
    | None
): ...
def probe_node(address: int) -> tuple[int, int, int, int, int]: ...
def probe_element(address: int) -> tuple[int, int, int, int]: ...
def probe_attr(address: int) -> tuple[int, bytes | None, int, int]: ...
def probe_text(address: int) -> bytes | None: ...
def probe_entry(address: int) -> bytes | None: ...
