import multiprocessing

from chatapp.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the frozen app starts the runtime process through itself
    raise SystemExit(main())
