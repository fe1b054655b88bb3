from tenderctl.entry import main

main()
